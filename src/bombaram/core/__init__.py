"""Pure-Python domain calculations: no Django import allowed here."""
