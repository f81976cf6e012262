"""Dashboard pages, run by ``st.navigation`` in ``streamlit_app.py``."""
