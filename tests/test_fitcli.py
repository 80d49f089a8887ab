"""``recomputed fit`` and ``recomputed optimal``: good input, each kind of bad input, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from recomputed import cli
from recomputed.cli import fit as cli_fit
from recomputed.science import allocation, fitting

TRUTH = {"E": 1.8, "A": 500.0, "B": 2000.0, "alpha": 0.35, "beta": 0.37}


@pytest.fixture
def runs_csv(tmp_path):
    n, d, loss = fitting.synthetic_runs(np.random.default_rng(0), 60, **TRUTH, noise=0.01)
    path = tmp_path / "runs.csv"
    lines = ["params,tokens,loss,flops,note"]
    lines += [f"{a:.17g},{b:.17g},{c:.17g},{6 * a * b:.17g},x"
              for a, b, c in zip(n, d, loss, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    return path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fit_prints_a_table_with_intervals(runs_csv, capsys):
    code, out, err = run(capsys, "fit", str(runs_csv), "--boot", "50")
    assert code == 0, err
    for name in TRUTH:
        assert any(line.startswith(name + " ") for line in out.splitlines()), name
    assert "95% interval" in out and "50 bootstrap resamples (seed 0)" in out


def test_fit_json_shape(runs_csv, capsys):
    code, out, _ = run(capsys, "fit", str(runs_csv), "--boot", "50", "--json")
    assert code == 0
    data = json.loads(out)
    for name in TRUTH:
        assert set(data[name]) == {"estimate", "se", "interval"}
        lo, hi = data[name]["interval"]
        assert lo <= hi and data[name]["se"] > 0
    assert data["law"] == "chinchilla" and data["n_runs"] == 60 and data["level"] == 0.95
    # the same fit through the API
    n, loss, d = _columns(runs_csv)
    fit = fitting.fit("chinchilla", n, loss, d=d, n_boot=50, seed=0)
    assert data["alpha"]["estimate"] == pytest.approx(fit["alpha"].value)


def _columns(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1, 2))
    return raw[:, 0], raw[:, 2], raw[:, 1]


def test_fit_from_a_compute_column(runs_csv, capsys):
    code, out, _ = run(capsys, "fit", str(runs_csv), "--boot", "0", "--json",
                       "--tokens-col", "absent", "--compute-col", "flops")
    assert code == 0
    by_tokens = json.loads(run(capsys, "fit", str(runs_csv), "--boot", "0", "--json")[1])
    assert json.loads(out)["beta"]["estimate"] == pytest.approx(by_tokens["beta"]["estimate"],
                                                                 rel=1e-4)


def test_one_variable_fit(tmp_path, capsys):
    x = np.logspace(6, 10, 20)
    path = tmp_path / "one.csv"
    rows = "\n".join(f"{a:.17g},{fitting.power_loss(a, 300.0, 0.2, 2.5):.17g}" for a in x)
    path.write_text("N,L\n" + rows + "\n")
    code, out, _ = run(capsys, "fit", str(path), "--law", "power_plus_constant", "--x-col",
                       "N", "--loss-col", "L", "--boot", "20", "--json")
    assert code == 0
    assert json.loads(out)["L_inf"]["estimate"] == pytest.approx(2.5, rel=1e-3)


@pytest.mark.parametrize(("content", "message"), [
    ("params,loss\n1e9,2.5\n", "runs.csv:1: missing column(s) 'tokens'"),
    ("params,tokens,loss\n1e9,2e10,2.5\n2e9,lots,2.4\n",
     "runs.csv:3: column 'tokens': 'lots' is not a number"),
    ("params,tokens,loss\n1e9,2e10,2.5\n2e9,4e10,-2.4\n",
     "runs.csv:3: column 'loss': -2.4 must be a positive finite number"),
    ("params,tokens,loss\n1e9,2e10,2.5\n,4e10,2.4\n", "runs.csv:3: column 'params': empty cell"),
    ("", "runs.csv:1: the file is empty"),
    ("params,tokens,loss\n", "no runs"),
    ("params,tokens,loss\n1e9,2e10,2.5\n2e9,4e10,2.4\n4e9,8e10,2.3\n", "too few runs"),
])
def test_bad_input_names_row_and_column(tmp_path, capsys, content, message):
    path = tmp_path / "runs.csv"
    path.write_text(content)
    code, out, err = run(capsys, "fit", str(path), "--boot", "10")
    assert code == 1 and out == ""
    assert err.startswith("recomputed: error: ") and len(err.strip().splitlines()) == 1
    assert message in err


def test_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "fit", str(tmp_path / "nope.csv"))
    assert code == 1 and "no such file" in err


def test_non_convergence_is_an_error_not_numbers(runs_csv, tmp_path, capsys):
    code, out, err = run(capsys, "fit", str(runs_csv), "--max-iter", "2")
    assert code == 1 and out == ""
    assert "did not converge" in err and "64 best of 4500 grid starting points" in err
    rng = np.random.default_rng(0)  # runs whose loss has nothing to do with N and D
    path = tmp_path / "noise.csv"
    path.write_text("params,tokens,loss\n" + "\n".join(
        f"{a:.6g},{b:.6g},{c:.6g}" for a, b, c in zip(np.exp(rng.uniform(18, 23, 40)),
                                                      np.exp(rng.uniform(20, 27, 40)),
                                                      np.exp(rng.normal(1.0, 0.1, 40)),
                                                      strict=True)) + "\n")
    code, out, err = run(capsys, "fit", str(path), "--boot", "10")
    assert code == 1 and out == "" and "did not converge to finite parameters" in err


def test_optimal_from_published_and_from_a_fit(runs_csv, tmp_path, capsys):
    code, out, _ = run(capsys, "optimal", "--budget", "1e24", "--json")
    assert code == 0
    plans = json.loads(out)
    assert set(plans) == {"hoffmann", "hoffmann-tex", "epoch"}
    for p in plans.values():
        assert 6 * p["params"] * p["tokens"] == pytest.approx(1e24)
    code, out, _ = run(capsys, "fit", str(runs_csv), "--boot", "0", "--json")
    fit_path = tmp_path / "fit.json"
    fit_path.write_text(out)
    code, out, _ = run(capsys, "optimal", "--budget", "1e22", "--fit", str(fit_path), "--json")
    assert code == 0
    fitted = json.loads(fit_path.read_text())
    law = allocation.Law(**{k: fitted[k]["estimate"] for k in TRUTH})
    assert json.loads(out)[str(fit_path)]["params"] == pytest.approx(
        allocation.optimal(law, 1e22).params)
    code, out, _ = run(capsys, "optimal", "--budget", "1e22", "--law", "epoch")
    assert code == 0 and "epoch" in out and "D/N" in out


def test_optimal_errors(tmp_path, capsys):
    code, _, err = run(capsys, "optimal", "--budget", "1e22", "--fit", "MISSING")
    assert code == 1 and "no such file" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["optimal", "--budget", "-5"], "argument --budget: must be a positive number, got -5"),
    (["optimal", "--budget", "-1e23"], "argument --budget: must be a positive number, got -1e23"),
    (["optimal", "--budget", "lots"], "argument --budget: expected a number, got 'lots'"),
    (["fit", "x.csv", "--boot", "-5"], "argument --boot: must be at least 0, got -5"),
    (["fit", "x.csv", "--jobs", "0"], "argument --jobs: must be at least 1, got 0"),
    (["fit", "x.csv", "--level", "95"], "argument --level: must be between 0 and 1"),
])
def test_arguments_are_validated_with_a_clear_message(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_a_column_that_never_varies_is_named_as_in_the_csv(tmp_path, capsys):
    path = tmp_path / "runs.csv"
    path.write_text("n,toks,loss\n" + "".join(f"{10 ** (6 + i / 4)},1e9,{3 - i / 20}\n"
                                              for i in range(12)))
    code, _, err = run(capsys, "fit", str(path), "--params-col", "n", "--tokens-col", "toks",
                       "--boot", "0")
    assert code == 1 and "column 'toks' takes a single value in every run" in err


def test_parameters_the_runs_do_not_pin_down_are_flagged(tmp_path, capsys):
    """Six runs of the five-parameter law: the fit returns numbers, but some intervals are
    wider than their estimates, and the command says so."""
    n, d, loss = fitting.synthetic_runs(np.random.default_rng(1), 6, **TRUTH, noise=0.02)
    path = tmp_path / "six.csv"
    path.write_text("params,tokens,loss\n" + "".join(
        f"{a:.17g},{b:.17g},{c:.17g}\n" for a, b, c in zip(n, d, loss, strict=True)))
    code, out, err = run(capsys, "fit", str(path), "--boot", "200")
    assert code == 0 and "warning: the runs do not pin down" in err
    n, d, loss = fitting.synthetic_runs(np.random.default_rng(0), 60, **TRUTH, noise=0.005)
    assert cli_fit.not_identified(fitting.fit("chinchilla", n, loss, d=d, n_boot=50)) == []


def test_long_bootstraps_show_progress(runs_csv, capsys, monkeypatch):
    monkeypatch.setattr(cli_fit, "LONG_BOOTSTRAP", 1)
    code, _, err = run(capsys, "fit", str(runs_csv), "--boot", "300")
    assert code == 0 and "bootstrap: 300 of 300 resamples refitted" in err
    assert "bootstrap: 125 of 300" in err


def test_optimal_rejects_a_one_variable_fit(tmp_path, capsys):
    path = tmp_path / "fit.json"
    path.write_text(json.dumps({"law": "power", "x0": {"estimate": 1.0}}))
    code, _, err = run(capsys, "optimal", "--budget", "1e22", "--fit", str(path))
    assert code == 1 and "not a chinchilla fit: missing E, A, B, alpha, beta" in err
