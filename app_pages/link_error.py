"""Shown for a wrong, tampered or rotated link: a clear message and no workshop data at all."""

import streamlit as st

from ui.state import link_error
from ui.words import md

st.title("This link does not open a workshop")
st.error(md(link_error() or "The link is not valid."), icon=":material/link_off:")
st.write(
    "Links stop working when the facilitator makes new ones. Ask them for the current link or QR code. "
    "Nothing about any workshop is shown here."
)
