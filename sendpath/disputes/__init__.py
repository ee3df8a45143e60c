"""Mediation and tribunal cases: the decision appealed, their deadlines, outcomes and costs."""
