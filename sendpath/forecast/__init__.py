"""Forecasting plans and High Needs costs under scenarios, and the sufficiency of specialist places."""
