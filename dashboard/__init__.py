"""Buurtnetwerk dashboard (Streamlit)."""
