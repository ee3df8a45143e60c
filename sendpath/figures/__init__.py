"""DfE's published EHCP figures computed from our own data, and the scrutiny dashboard."""
