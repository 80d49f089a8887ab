"""Scaling laws (AN #125): Henighan et al.'s loss against compute, drawn by group of
modalities (in a module of its own: scaling.py holds the values and claims)."""

from __future__ import annotations

from recomputed.artifacts.scaling import H, _c_grid, _compute_fits
from recomputed.engine.registry import Col, Plot, Table, figure
from recomputed.science import powerlaw

# loss_vs_compute's panels: ten fits in one panel repeat colours, so they are grouped by
# what the model predicts (a group per row, at most four lines a panel). Each modality with
# the short name written at its line's end (the group's title says the rest).
LOSS_GROUPS = (("Pixels", (("Image 8x8", "8x8"), ("Image 16x16", "16x16"),
                           ("Image 32x32", "32x32"))),
               ("VQ codes", (("Image VQ 16x16", "VQ 16x16"), ("Image VQ 32x32", "VQ 32x32"),
                             ("Video VQ 16x16x16", "video"))),
               ("Text and multimodal", (("Language", "language"), ("Math (Extrapolate)", "math"),
                                        ("Text-to-Im (Image)", "text→image"),
                                        ("Im-to-Text (Image)", "image→text"))))


@figure("scaling.loss_vs_compute", inputs=[H], params={"groups": LOSS_GROUPS},
        title="Every modality's loss falls towards its own floor; the part above it is a "
              "power law in compute")
def loss_vs_compute(henighan_2020_table1, groups):
    """Left: total loss with its irreducible floor; right: the reducible part alone.
    One row per group of modalities."""
    from recomputed.engine import annotate, plotting

    fits = {d: (l_inf, c0, a) for d, l_inf, c0, a in _compute_fits(henighan_2020_table1)}
    grouped = [d for _, names in groups for d, _short in names]
    if sorted(grouped) != sorted(fits):
        raise ValueError(f"loss_vs_compute's groups {sorted(grouped)} do not cover the "
                         f"fits {sorted(fits)}")
    fig, axes = plotting.new_figure(width=9.0, height=9.0, ncols=2, nrows=len(groups),
                                    sharex=True)
    data = []
    c_grid = _c_grid()
    for (group, names), (ax1, ax2) in zip(groups, axes, strict=True):
        for (d, _short), colour in zip(names, annotate.distinct_colours(len(names)),
                                       strict=True):
            l_inf, c0, a = fits[d]
            red = powerlaw.reducible(c_grid, c0, a)
            ax1.plot(c_grid, l_inf + red, color=colour, label=d)
            if l_inf:
                ax1.axhline(l_inf, color=colour, ls=":", lw=1)
            ax2.plot(c_grid, red, color=colour, label=d)
        plotting.log_axes(ax1, y=False)
        plotting.log_axes(ax2)
        ax1.set_ylim(0, 6)
        ax1.set_ylabel("loss (nats/token)")
        ax2.set_ylabel("loss above the dotted floor")
        ax1.set_title(group)  # the floors are dotted; the right panel shows what is above
        ax2.set_title(f"{group}, above")
        shorts = [short for _d, short in names]
        annotate.end_labels(ax1, texts=shorts)
        annotate.end_labels(ax2, texts=shorts)
    for ax in axes[-1]:
        ax.set_xlabel("training compute $C$ (PF-days)")
    for d, (l_inf, c0, a) in fits.items():  # the table in Table 1's order, as before the split
        red = powerlaw.reducible(c_grid, c0, a)
        data += [(d, c, l_inf + r, r) for c, r in zip(c_grid, red, strict=True)]
    return Plot(fig, data=Table([Col("Modality", align="left"), Col("C (PF-days)", fmt="sci:3"),
                                 Col("Loss", fmt="sig:4"), Col("Reducible", fmt="sig:4")], data),
                alt="Henighan et al.'s fitted loss-versus-compute laws for language, images, "
                    "video, multimodal and math, one row per group of modalities. Left, total "
                    "loss falls towards a constant floor; right, the reducible part is a "
                    "straight line on log-log axes.")
