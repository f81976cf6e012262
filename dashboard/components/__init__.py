"""Reusable dashboard components."""
