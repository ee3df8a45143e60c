"""The SEN2 return to the Department for Education: build, validate and download it."""
