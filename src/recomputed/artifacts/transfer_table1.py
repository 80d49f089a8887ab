"""Scaling laws for transfer (Transfer issue): what Hernandez et al. (2021)'s Table 1 says
about the two pre-training mixes, and the paper's figures at GPT-3's size, each over the
range the rounding of the printed constants allows. (The laws themselves, the crossing and
the figures are in :mod:`recomputed.artifacts.transfer`.)"""

from __future__ import annotations

from recomputed.artifacts.transfer import ISSUE, SECONDARY, SUMMARY, G, T
from recomputed.engine.estimates import over_ranges
from recomputed.engine.registry import claim, value
from recomputed.science import transfer


@value("transfer.k_ratio", inputs=[T], fmt="times:2")
def k_ratio(hernandez_2021_table1):
    """k(text + code) / k(text): the mixture's head start at one character of fine-tuning
    data, over the rounding of the printed k's."""
    t, c = hernandez_2021_table1.one(pretraining="text"), hernandez_2021_table1.one(
        pretraining="text+code")
    return over_ranges(lambda k1, k2: k2 / k1, {"k1": t["k"], "k2": c["k"]},
                       {"k1": t.rounding("k"), "k2": c.rounding("k")},
                       "range allowed by the rounding of Table 1's printed k")


@value("transfer.alpha_gap", inputs=[T], fmt="fixed:3")
def alpha_gap(hernandez_2021_table1):
    """α(text) − α(text + code), over the rounding of the printed α's."""
    t, c = hernandez_2021_table1.one(pretraining="text"), hernandez_2021_table1.one(
        pretraining="text+code")
    return over_ranges(lambda a1, a2: a1 - a2, {"a1": t["alpha"], "a2": c["alpha"]},
                       {"a1": t.rounding("alpha"), "a2": c.rounding("alpha")},
                       "range allowed by the rounding of Table 1's printed α")


@value("transfer.beta_gap", inputs=[T], fmt="fixed:2")
def beta_gap(hernandez_2021_table1):
    """β(text + code) − β(text) as Table 1 prints them."""
    return (hernandez_2021_table1.one(pretraining="text+code")["beta"]
            - hernandez_2021_table1.one(pretraining="text")["beta"])


TABLE1 = "Scaling Laws for Transfer (Hernandez et al. 2021, Table 1)"
claim("transfer.claim_mix_higher_k", of="transfer.k_ratio", issue=ISSUE, summary=TABLE1,
      stated="the text + code mix has a larger k than text alone", target="1", compare=">",
      how="k(text + code)/k(text) from Table 1, over the rounding of the printed k's." + SECONDARY)
claim("transfer.claim_mix_lower_alpha", of="transfer.alpha_gap", issue=ISSUE, summary=TABLE1,
      stated="the text + code mix has a smaller α than text alone", target="0", compare=">",
      how="α(text) − α(text + code) from Table 1, over the rounding of the printed α's."
          + SECONDARY)
claim("transfer.claim_beta_equal", of="transfer.beta_gap", issue=ISSUE, summary=TABLE1,
      stated="β is the same for both pre-training mixes", target="0", compare="approx",
      within=(0.0, 0.0),
      reading="the same β means the same printed value, digit for digit",
      exact="read from Table 1: both mixes print β = 0.38 (what 'the same' asserts is the "
            "fit, which the paper reports as shared)",
      how="β(text + code) − β(text) as printed in Table 1." + SECONDARY)


def _one_char(ds, sizes, pre):
    """D_T = k · 1^α · N^β at GPT-3's size, over the rounding of k and β."""
    n = sizes.one(model="GPT-3 175B")["n_params"]
    r = ds.one(pretraining=pre)
    return over_ranges(lambda k, beta: float(transfer.effective_data_transferred(
                           1.0, n, k, r["alpha"], beta)),
                       {"k": r["k"], "beta": r["beta"]},
                       {"k": r.rounding("k"), "beta": r.rounding("beta")},
                       "range allowed by the rounding of Table 1's printed k and β")


@value("transfer.gpt3_one_char_text", inputs=[T, G], fmt="sci:2", unit="characters")
def gpt3_one_char_text(hernandez_2021_table1, brown_2020_model_sizes):
    """D_T at GPT-3's size with a single character of fine-tuning data (text), extrapolated."""
    return _one_char(hernandez_2021_table1, brown_2020_model_sizes, "text")


@value("transfer.gpt3_one_char_code", inputs=[T, G], fmt="sci:2", unit="characters")
def gpt3_one_char_code(hernandez_2021_table1, brown_2020_model_sizes):
    """D_T at GPT-3's size with a single character of fine-tuning data (text + code)."""
    return _one_char(hernandez_2021_table1, brown_2020_model_sizes, "text+code")


_ONE = ("D_T = k · N^β with D_F = 1 character and N = 175e9 (GPT-3), over the rounding of "
        "Table 1's k and β. The paper does not say which parameter count it used for GPT-3, "
        "so the stated digits are read as written." + SECONDARY)
claim("transfer.claim_gpt3_one_char_text", of="transfer.gpt3_one_char_text", issue=ISSUE,
      summary=SUMMARY, target="3.7e8", compare="approx", expect="inconclusive",
      stated="at GPT-3's size, text pre-training is worth about 3.7e8 characters of Python "
             "with a single character of fine-tuning data (the paper)", how=_ONE)
claim("transfer.claim_gpt3_one_char_code", of="transfer.gpt3_one_char_code", issue=ISSUE,
      summary=SUMMARY, target="4.1e9", compare="approx", expect="inconclusive",
      stated="at GPT-3's size, text + code pre-training is worth about 4.1e9 characters of "
             "Python with a single character of fine-tuning data (the paper)", how=_ONE)


