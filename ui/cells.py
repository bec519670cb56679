"""Values read back from st.data_editor cells."""

from datetime import date

import pandas as pd


def cell_date(value: object) -> date | None:
    """A table cell as a date: empty cells (None, NaT) as None."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):  # a column with no date in it yet comes back as text
        return pd.Timestamp(value).date()
    return value if isinstance(value, date) else None
