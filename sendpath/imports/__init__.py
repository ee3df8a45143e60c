"""Loading children, requests, plans, placements and needs from a legacy system."""
