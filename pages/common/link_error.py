"""Shown for a wrong, tampered or rotated link: a clear message and no workshop data at all.

The one exception is this tab's own unsaved changes, when the link was rotated while they waited for the
database: they are offered as a workshop file to download, so nothing typed here is lost.
"""

import streamlit as st

from ui.session import link_error, orphaned_changes
from ui.words import md

st.title("This link does not open a workshop")
st.error(md(link_error() or "The link is not valid."), icon=":material/link_off:")
st.write(
    "Links stop working when the facilitator makes new ones. Ask them for the current link or QR code. "
    "Nothing about any workshop is shown here."
)
orphan = orphaned_changes()
if orphan is not None:
    labels, content = orphan
    st.warning(
        f"This tab had changes that were not saved yet: {md('; '.join(labels))}. Download them as a workshop file, "
        "then open the file from the Workshop page with the new link.",
        icon=":material/cloud_off:",
    )
    st.download_button(
        "Download the unsaved workshop",
        content,
        file_name="unsaved-workshop.json",
        mime="application/json",
        icon=":material/download:",
        key="le_download_orphan",
    )
