"""Scaling laws (AN #125): Henighan et al.'s loss against compute, drawn by group of
modalities (in a module of its own: scaling.py holds the values and claims)."""

from __future__ import annotations

from recomputed.artifacts.scaling import H, _c_grid, _compute_fits
from recomputed.engine.registry import Col, Plot, Table, figure
from recomputed.science import powerlaw

# loss_vs_compute's panels: ten fits in one panel repeat colours, so they are grouped by
# what the model predicts (a group per row, at most four lines a panel).
LOSS_GROUPS = (("Pixels", ("Image 8x8", "Image 16x16", "Image 32x32")),
               ("VQ codes", ("Image VQ 16x16", "Image VQ 32x32", "Video VQ 16x16x16")),
               ("Text and multimodal", ("Language", "Math (Extrapolate)",
                                              "Text-to-Im (Image)", "Im-to-Text (Image)")))


@figure("scaling.loss_vs_compute", inputs=[H], params={"groups": LOSS_GROUPS},
        title="Every modality's loss falls towards its own floor; the part above it is a "
              "power law in compute")
def loss_vs_compute(henighan_2020_table1, groups):
    """Left: total loss with its irreducible floor; right: the reducible part alone.
    One row per group of modalities."""
    from recomputed.engine import annotate, plotting

    fits = {d: (l_inf, c0, a) for d, l_inf, c0, a in _compute_fits(henighan_2020_table1)}
    grouped = [d for _, names in groups for d in names]
    if sorted(grouped) != sorted(fits):
        raise ValueError(f"loss_vs_compute's groups {sorted(grouped)} do not cover the "
                         f"fits {sorted(fits)}")
    fig, axes = plotting.new_figure(width=9.0, height=9.0, ncols=2, nrows=len(groups),
                                    sharex=True)
    data = []
    c_grid = _c_grid()
    for (group, names), (ax1, ax2) in zip(groups, axes, strict=True):
        for d, colour in zip(names, annotate.distinct_colours(len(names)), strict=True):
            l_inf, c0, a = fits[d]
            red = powerlaw.reducible(c_grid, c0, a)
            ax1.plot(c_grid, l_inf + red, color=colour, label=d)
            if l_inf:
                ax1.axhline(l_inf, color=colour, ls=":", lw=1)
            ax2.plot(c_grid, red, color=colour, label=d)
        plotting.log_axes(ax1, y=False)
        plotting.log_axes(ax2)
        ax1.set_ylim(0, 6)
        ax1.set_ylabel("test loss (nats per token)")
        ax2.set_ylabel("reducible loss (nats per token)")
        ax1.set_title(f"{group}: loss, dotted floor $L_\\infty$")
        ax2.set_title(f"{group}: reducible $(C_0/C)^{{\\alpha}}$")
        annotate.end_labels(ax1)
        annotate.end_labels(ax2)
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
