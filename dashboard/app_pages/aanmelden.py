"""Aanmelden: the sign-in page, the only page a visitor sees before signing in."""

from __future__ import annotations

import streamlit as st

from dashboard import data, session
from netwerk.access import ROLE_LABELS
from netwerk.services.auth import SignInFailed, authenticate
from netwerk.services.users import demo_accounts_active, has_accounts

st.title("Aanmelden")
st.markdown(
    "Buurtnetwerk bevat gegevens over bewoners en professionals in de buurt. "
    "Meld u aan; u ziet daarna alleen wat bij uw rol past."
)

idle = st.session_state.get(session.IDLE_KEY)
if idle:
    st.info(f"U bent afgemeld omdat u {idle} minuten niets hebt gedaan. Meld u opnieuw aan.")

if session.oidc_configured():
    st.button("Aanmelden met uw organisatie-account", type="primary", on_click=st.login)
    st.stop()

with st.form("aanmelden", clear_on_submit=False):
    user_id = st.text_input("Gebruikersnaam", key="login_user", autocomplete="username")
    password = st.text_input("Wachtwoord", type="password", key="login_password", autocomplete="current-password")
    submitted = st.form_submit_button("Aanmelden", type="primary")

if submitted:
    try:
        viewer = authenticate(data.store(), user_id, password)
    except SignInFailed as e:
        st.error(str(e))  # one fixed message, never what was typed
    else:
        session.sign_in(viewer, "password")
        st.rerun()

store = data.store()
# Checking the demo passwords costs three argon2 verifications: once per browser session.
if "demo_accounts" not in st.session_state:
    st.session_state["demo_accounts"] = demo_accounts_active(store)
demo = st.session_state["demo_accounts"]
if demo:
    # Only while the demo accounts still have their published demo passwords.
    st.info(
        "Dit is de demo-omgeving. Probeer elke rol:\n\n"
        + "\n".join(f"- **{ROLE_LABELS[role]}**: gebruikersnaam `{uid}`, wachtwoord `{pw}`" for uid, pw, role in demo)
    )
elif not has_accounts(store):
    st.info(
        "Er is nog geen account. Maak op de computer waar Buurtnetwerk draait eerst een coördinator aan:\n\n"
        "`netwerk users add NAAM --role coordinator`\n\n"
        "Werkt u met de demodata? Dan maakt `netwerk seed demo` de demo-accounts aan."
    )
