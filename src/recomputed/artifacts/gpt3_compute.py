"""GPT-3 (the GPT-3 issue): its size against earlier models, and its training compute from
Table D.1 against C = 6ND."""

from __future__ import annotations

from recomputed.engine.estimates import Estimate, over_ranges
from recomputed.engine.registry import Col, Table, claim, table, value
from recomputed.science import fewshot, readings

ISSUE = "AN #102"
SUMMARY = "Language Models are Few-Shot Learners"
SIZES_AND_CONSTANTS = ["brown_2020_model_sizes", "brown_2020_constants"]


def _const(constants, name):
    return constants.one(name=name)["value"]


@table("fewshot.compute_table", inputs=["brown_2020_model_sizes"],
       title="Training compute: 6ND against Table D.1")
def compute_table(brown_2020_model_sizes):
    """C = 6 N D with N from Table D.1 and D = 300 billion tokens, next to the printed FLOP."""
    rows = []
    for r in sorted(brown_2020_model_sizes, key=lambda r: r["n_params"]):
        c = fewshot.training_flop(r["params_millions"] * 1e6, r["train_tokens"])
        rows.append((r["model"], r["params_millions"] * 1e6, r["train_tokens"], c,
                     r["train_flop"], c / r["train_flop"], fewshot.flop_to_pfdays(c)))
    return Table([Col("Model", align="left"), Col("N (parameters)", fmt="sci:3"),
                  Col("D (tokens)", fmt="sci:2", detail=True),  # 300 billion in every row
                  Col("6ND", fmt="sci:3", unit="FLOP"),
                  Col("Table D.1", fmt="sci:3", unit="FLOP"),
                  Col("6ND / Table D.1", fmt="fixed:3", lead=True),
                  Col("6ND", fmt="sig:3", unit="PF-days")], rows)


def _gpt3_175b(sizes):
    return sizes.one(model="GPT-3 175B")


def _compute_cell(compute_table, column: int) -> float:
    """The GPT-3 175B row's cell in ``column`` of fewshot.compute_table."""
    return next(r[column] for r in compute_table.rows if r[0] == "GPT-3 175B")


def _n_rounding(compute_table, sizes, column: int) -> Estimate:
    """The 175B row's cell in ``column``, with the range the rounding of Table D.1's
    parameter count (174,600 million) allows; 6ND is proportional to N."""
    c = _compute_cell(compute_table, column)
    row = _gpt3_175b(sizes)
    lo, hi = row.rounding("params_millions")
    n = row["params_millions"]
    return Estimate(c, c * lo / n, c * hi / n,
                    "range allowed by the rounding of Table D.1's parameter count; D = 300 "
                    "billion tokens, the budget Table D.1 itself multiplies by")


@value("fewshot.compute_6nd", inputs=["fewshot.compute_table", "brown_2020_model_sizes"],
       fmt="sci:3", unit="FLOP")
def compute_6nd(compute_table, brown_2020_model_sizes):
    """6 N D for GPT-3 175B, with N from Table D.1 and D = 300 billion tokens.

    The 6ND (FLOP) cell of fewshot.compute_table's GPT-3 175B row."""
    return _n_rounding(compute_table, brown_2020_model_sizes, 3)


@value("fewshot.compute_6nd_pfdays", inputs=["fewshot.compute_table", "brown_2020_model_sizes"],
       fmt="sig:3", unit="PF-days")
def compute_6nd_pfdays(compute_table, brown_2020_model_sizes):
    """The same 6ND estimate in PF-days.

    The 6ND (PF-days) cell of fewshot.compute_table's GPT-3 175B row."""
    return _n_rounding(compute_table, brown_2020_model_sizes, 6)


@value("fewshot.gpt3_params_millions", inputs=["brown_2020_model_sizes"], fmt="int")
def gpt3_params_millions(brown_2020_model_sizes):
    """GPT-3 175B's parameter count in millions as Table D.1 prints it (the N of 6ND)."""
    return _gpt3_175b(brown_2020_model_sizes)["params_millions"]


@value("fewshot.gpt3_tokens_billions", inputs=["brown_2020_model_sizes"], fmt="int")
def gpt3_tokens_billions(brown_2020_model_sizes):
    """Training tokens of GPT-3 175B in billions (Table D.1; the D of 6ND)."""
    return _gpt3_175b(brown_2020_model_sizes)["train_tokens"] / 1e9


@value("fewshot.size_ratio_gpt2", inputs=SIZES_AND_CONSTANTS, fmt="sig:3")
def size_ratio_gpt2(brown_2020_model_sizes, brown_2020_constants):
    """GPT-3 175B (Table 2.1) over the largest GPT-2."""
    return fewshot.size_ratio(_gpt3_175b(brown_2020_model_sizes)["n_params"],
                              _const(brown_2020_constants, "gpt2_params"))


@value("fewshot.size_ratio_previous_largest", inputs=SIZES_AND_CONSTANTS, fmt="sig:3", unit="×")
def size_ratio_previous_largest(brown_2020_model_sizes, brown_2020_constants):
    """GPT-3 175B (Table 2.1) over the previous largest language model, Turing-NLG (17
    billion parameters, Sec. 1), with the range the rounding of both sizes allows."""
    big = _gpt3_175b(brown_2020_model_sizes)
    prev = brown_2020_constants.one(name="previous_largest_lm_params")
    return over_ranges(fewshot.size_ratio, {"larger": big["n_params"], "smaller": prev["value"]},
                       {"larger": big.rounding("n_params"), "smaller": prev.rounding("value")},
                       "range allowed by the rounding of 175.0 and 17 billion parameters")


@value("fewshot.table_d1_pfdays", inputs=["brown_2020_model_sizes"], fmt="sig:4",
       unit="PF-days")
def table_d1_pfdays(brown_2020_model_sizes):
    """Table D.1's training FLOP for GPT-3 175B, converted to PF-days."""
    return fewshot.flop_to_pfdays(_gpt3_175b(brown_2020_model_sizes)["train_flop"])


claim("fewshot.claim_10x_previous_largest", of="fewshot.size_ratio_previous_largest",
      fmt="times:3",
      issue=ISSUE, summary=SUMMARY,
      stated="175 billion parameters is a 10× increase over the previous largest language "
             "model (17 billion, Turing-NLG)",
      target="10", within=readings.one_significant_figure(10),
      reading="a round '10×' has one significant figure: anything from 9.5× to 15× "
              "rounds to it",
      how="175B (Table 2.1) divided by Turing-NLG's 17B, the previous largest dense "
          "language model that the GPT-3 paper cites.")


claim("fewshot.claim_compute_3_14e23", of="fewshot.compute_6nd", issue=ISSUE, summary=SUMMARY,
      stated="GPT-3 175B took 3.14 × 10²³ FLOP to train (paper, Table D.1)",
      target="3.14e23",
      how="C = 6ND with N = 174,600 million parameters (Table D.1) and D = 300 billion "
          "tokens.")


claim("fewshot.claim_compute_3640_pfdays", of="fewshot.compute_6nd_pfdays",
      issue=ISSUE, summary=SUMMARY,
      stated="GPT-3 175B took 3,640 PF-days to train (paper, Table D.1, printed 3.64E+03)",
      target="3.64e3",
      how="The same 6ND in PF-days (10¹⁵ FLOP/s × 86,400 s). Converting the FLOP column's "
          "rounded 3.14 × 10²³ instead gives a range that straddles the printed three "
          "digits, so the check goes back to 6ND, from which the table computed both.")
