"""Cross-cutting tests: the role-by-URL permission matrix and audit coverage, with the
shared factories and the two-authority world they build on."""
