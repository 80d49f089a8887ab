"""ELECTRA (covered in the GPT-3 issue): replaced-token detection against masked language
models, from Clark et al. (2020)'s published pre-training compute and GLUE scores."""

from __future__ import annotations

from recomputed.engine.estimates import over_ranges
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import readings

ELECTRA = "More Efficient NLP Model Pre-training with ELECTRA"


E = ["clark_2020_electra"]


def _electra(ds, model):
    return ds.one(model=model)


@value("electra.small_params_millions", inputs=E, fmt="int")
def small_params_millions(clark_2020_electra):
    """ELECTRA-Small's parameters in millions (Clark et al. 2020, Table 1)."""
    return _electra(clark_2020_electra, "ELECTRA-Small")["params_millions"]


ROUNDING = "range allowed by the rounding of the paper's printed {}"


def _ratio(a, b):
    return a / b


def _difference(a, b):
    return a - b


def _over(ds, f, first, second, column):
    """``f(first's column, second's column)`` with the range the rounding of the two
    printed cells allows (Clark et al. 2020 print FLOP to two digits, GLUE to one decimal)."""
    x, y = _electra(ds, first), _electra(ds, second)
    return over_ranges(f, {"a": x[column], "b": y[column]},
                       {"a": x.rounding(column), "b": y.rounding(column)},
                       ROUNDING.format("FLOP counts" if column == "train_flop" else "GLUE scores"))


def _flop_ratio(ds, numerator, denominator):
    return _over(ds, _ratio, numerator, denominator, "train_flop")


@table("electra.compute_table", inputs=E, title="ELECTRA and its baselines: compute and GLUE")
def electra_compute_table(clark_2020_electra):
    """Each model's pre-training FLOP relative to ELECTRA of its size group, and its GLUE."""
    ref = {"small and base": "ELECTRA-Small", "large": "ELECTRA-400K"}
    rows = [(r["model"], r["family"], r["params_millions"], r["train_flop"],
             r["train_flop"] / _electra(clark_2020_electra, ref[r["table_group"]])["train_flop"],
             r["glue_dev"]) for r in clark_2020_electra]
    return Table([Col("Model", align="left"), Col("Objective", align="left"),
                  Col("Parameters", fmt="sig:3", unit="M"), Col("Train", fmt="sci:2", unit="FLOP"),
                  Col("vs ELECTRA of its group", fmt="times:2"),
                  Col("GLUE dev", fmt="fixed:1")], rows)


# Where the labels of the crowded top-right points go (points of text from the marker).
_LABEL_OFFSETS = {"ELECTRA-1.75M": (-62, 5), "RoBERTa-500K": (-30, -12), "XLNet": (5, 2),
                  "RoBERTa-100K": (-62, 3), "ELECTRA-400K": (-58, 2)}


@figure("electra.glue_vs_compute", inputs=E,
        title="ELECTRA scores higher on GLUE than the models it is compared with, at equal "
              "compute")
def glue_vs_compute(clark_2020_electra):
    """GLUE dev score against training FLOP for ELECTRA and the models it is compared with."""
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure(7.0, 4.4)
    families = sorted({r["family"] for r in clark_2020_electra})
    markers = dict(zip(families, ("o", "s", "^", "D"), strict=False))
    for fam in families:
        rows = [r for r in clark_2020_electra if r["family"] == fam]
        ax.plot([r["train_flop"] for r in rows], [r["glue_dev"] for r in rows],
                markers[fam], linestyle="none", label=fam)
        for r in rows:
            ax.annotate(r["model"], (r["train_flop"], r["glue_dev"]), fontsize=7,
                        textcoords="offset points", xytext=_LABEL_OFFSETS.get(r["model"],
                                                                               (4, -10)))
    plotting.log_axes(ax, y=False)
    ax.set_xlim(1e18, 1e22)
    ax.set_xlabel("pre-training compute (FLOP)")
    ax.set_ylabel("GLUE dev score")
    ax.legend(loc="lower right", fontsize=9)
    data = Table([Col("Model", align="left"), Col("Objective", align="left"),
                  Col("Train", fmt="sci:2", unit="FLOP"), Col("GLUE dev", fmt="fixed:1")],
                 [(r["model"], r["family"], r["train_flop"], r["glue_dev"])
                  for r in clark_2020_electra])
    return Plot(fig, data=data, alt=(
        "Scatter of GLUE dev score against pre-training FLOP on a log axis for ELMo, GPT, "
        "BERT, RoBERTa, XLNet and ELECTRA models. ELECTRA points sit above the others at "
        "equal compute: ELECTRA-Small beats GPT with far less compute, and ELECTRA-400K "
        "matches RoBERTa-500K with under a quarter of its compute."))


@value("electra.gpt_over_small", inputs=["electra.compute_table"] + E, fmt="sig:2")
def gpt_over_small(compute_table, clark_2020_electra):
    """GPT's training FLOP over ELECTRA-Small's (Table 1).

    GPT's row of electra.compute_table (its group's ELECTRA is ELECTRA-Small), with the
    range the rounding of the two printed FLOP counts allows."""
    i = [c.header for c in compute_table.columns].index("vs ELECTRA of its group")
    point = next(r[i] for r in compute_table.rows if r[0] == "GPT")
    est = _flop_ratio(clark_2020_electra, "GPT", "ELECTRA-Small")
    assert abs(point - est) <= 1e-9 * point  # the table's cell and the ratio are one number
    return est


@value("electra.large_over_roberta", inputs=E, fmt="fixed:2")
def large_over_roberta(clark_2020_electra):
    """ELECTRA-400K's training FLOP as a fraction of RoBERTa-500K's (Table 2)."""
    return _flop_ratio(clark_2020_electra, "ELECTRA-400K", "RoBERTa-500K")


@value("electra.large_over_xlnet", inputs=E, fmt="fixed:2")
def large_over_xlnet(clark_2020_electra):
    """ELECTRA-400K's training FLOP as a fraction of XLNet's (Table 2)."""
    return _flop_ratio(clark_2020_electra, "ELECTRA-400K", "XLNet")


@value("electra.glue_margin_over_roberta", inputs=E, fmt="fixed:1")
def glue_margin_over_roberta(clark_2020_electra):
    """GLUE dev points of ELECTRA-400K above RoBERTa-500K."""
    return _over(clark_2020_electra, _difference, "ELECTRA-400K", "RoBERTa-500K", "glue_dev")


@value("electra.glue_margin_over_gpt", inputs=E, fmt="fixed:1")
def glue_margin_over_gpt(clark_2020_electra):
    """GLUE dev points of ELECTRA-Small above GPT."""
    return _over(clark_2020_electra, _difference, "ELECTRA-Small", "GPT", "glue_dev")


@value("electra.large_over_roberta_or_xlnet",
       inputs=["electra.large_over_roberta", "electra.large_over_xlnet"], fmt="fixed:2")
def large_over_roberta_or_xlnet(large_over_roberta, large_over_xlnet):
    """ELECTRA-400K's training FLOP as a fraction of RoBERTa-500K's or of XLNet's, whichever
    is larger (the less favourable ratio, Table 2), with that ratio's rounding range."""
    return max(large_over_roberta, large_over_xlnet, key=float)


claim("electra.claim_30x_less_than_gpt", of="electra.gpt_over_small", fmt="times:2",
      issue="AN #102", summary=ELECTRA,
      stated="a small ELECTRA model beats GPT on GLUE although GPT used 30× more compute "
             "(paper, abstract)",
      target="30", within=readings.one_significant_figure(30),
      reading="a round '30×' has one significant figure: 25× to 35×",
      how="GPT's training FLOP over ELECTRA-Small's, both from the paper's Table 1. The FLOP "
          "counts are the paper's estimates.")
claim("electra.claim_small_beats_gpt", of="electra.glue_margin_over_gpt",
      fmt="fixed:1", unit="GLUE points",
      issue="AN #102", summary=ELECTRA,
      stated="ELECTRA-Small outscores GPT on GLUE (paper, abstract)", target="0", compare=">",
      how="GLUE dev average of ELECTRA-Small minus GPT's, Table 1.")
claim("electra.claim_quarter_of_roberta", of="electra.large_over_roberta_or_xlnet",
      issue="AN #102", summary=ELECTRA,
      stated="ELECTRA matches RoBERTa and XLNet with less than 1/4 of their compute "
             "(paper, abstract)",
      target="0.25", compare="<",
      how="The larger of ELECTRA-400K's training FLOP over RoBERTa-500K's and over "
          "XLNet's, i.e. the less favourable ratio (Table 2).")
claim("electra.claim_third_of_roberta", of="electra.large_over_roberta",
      issue="AN #102", summary=ELECTRA,
      stated="ELECTRA outperforms RoBERTa while needing less than a third of its compute",
      target="0.333", compare="<",
      how="ELECTRA-400K's training FLOP over RoBERTa-500K's (Table 2), against 0.333 (a "
          "little below a third, so the check is if anything stricter). Whether it "
          "'outperforms' is a separate claim: see the GLUE margin.")
claim("electra.claim_beats_roberta_glue", of="electra.glue_margin_over_roberta",
      fmt="fixed:1", unit="GLUE points",
      issue="AN #102", summary=ELECTRA,
      stated="ELECTRA (400K steps) outperforms RoBERTa (500K steps) on GLUE",
      target="0", compare=">", expect="inconclusive",
      how="GLUE dev average of ELECTRA-400K minus RoBERTa-500K's (Table 2). Each score is "
          "printed to one decimal, so their rounding alone allows no margin at all; "
          "run-to-run noise on GLUE is larger still, and the paper itself says the two "
          "perform comparably.")
