"""Files in and out: workshop JSON, spreadsheet reading, header guessing and the round trip, Excel and CSV."""
