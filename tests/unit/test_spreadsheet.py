import pandas as pd

from netwerk.spreadsheet import formula_safe


def test_formula_safe_prefixes_formula_text_only():
    df = pd.DataFrame({"naam": ["=1+1", "+31 6", "-x", "@SUM(A1)", "Anna", None], "n": [-1, 2, 3, 4, 5, 6],
                       "=kop": ["a", "b", "c", "d", "e", "f"]})
    out = formula_safe(df)
    assert list(out["naam"]) == ["'=1+1", "'+31 6", "'-x", "'@SUM(A1)", "Anna", None]
    assert list(out["n"]) == [-1, 2, 3, 4, 5, 6]
    assert list(out.columns) == ["naam", "n", "'=kop"]
    assert list(df["naam"])[0] == "=1+1"  # the input is not modified
