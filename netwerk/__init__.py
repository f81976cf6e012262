"""Buurtnetwerk: stakeholder network and relationship mapping for a buurtgerichte aanpak."""

__version__ = "0.1.0"
