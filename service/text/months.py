"""English month names and their abbreviations, for the rules that read or write English dates."""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = (
    ("Jan",),
    ("Feb",),
    ("Mar",),
    ("Apr",),
    (),
    ("Jun",),
    ("Jul",),
    ("Aug",),
    ("Sept", "Sep"),
    ("Oct",),
    ("Nov",),
    ("Dec",),
)
"""Per month, the abbreviations read (without their period), the one to write first; May has none."""
