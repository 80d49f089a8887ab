"""Discounted state occupancy, successor features and generalized policy improvement.

Exact linear algebra on small finite Markov decision processes, to check the identities
behind two AN #125 summaries:

- Successor features (Barreto et al. 2020, PNAS, doi:10.1073/pnas.1907370117): if the
  reward is linear in features, r(s, a) = phi(s, a) . w, then
  psi^pi(s, a) = E[sum_t gamma^t phi(s_t, a_t)] solves psi = phi + gamma P_pi psi, and
  Q^pi = psi^pi . w for every w. Generalized policy improvement (GPI) acts greedily on
  max_i psi^{pi_i} . w and is no worse than any pi_i (Barreto et al. 2017, Theorem 1).
- gamma-models (Janner et al. 2020, arXiv 2010.14496): the discounted occupancy
  mu(s_e | s) = (1 - gamma) sum_{k>=1} gamma^(k-1) P^k(s, s_e) is the fixed point of the
  bootstrap mu = (1 - gamma) P + gamma P mu; for a state reward r,
  E_{s_e ~ mu}[r(s_e)] = (1 - gamma) V(s), V(s) = sum_{k>=1} gamma^(k-1) (P^k r)(s).
  The time offset k is geometric with mean 1 / (1 - gamma).

Transition tensors are T[a, s, s'] (rows sum to 1); a deterministic policy is an integer
array pi[s]; features phi[s, a, :]. Everything is dimensionless.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def geometric_horizon(gamma: float) -> float:
    """Mean time offset 1 / (1 - gamma) of a geometric(1 - gamma) horizon, in steps."""
    if not 0 <= gamma < 1:
        raise ValueError("gamma must be in [0, 1)")
    return 1.0 / (1.0 - gamma)


def occupancy(P: np.ndarray, gamma: float) -> np.ndarray:
    """Closed form mu = (1 - gamma) P (I - gamma P)^-1 of the gamma-model's target."""
    n = P.shape[0]
    return (1 - gamma) * P @ np.linalg.inv(np.eye(n) - gamma * P)


def bootstrap_occupancy(P: np.ndarray, gamma: float, tol: float = 1e-13,
                        max_iter: int = 100_000) -> np.ndarray:
    """The same mu reached the way a gamma-model is trained: iterate the bootstrap target.

    mu <- (1 - gamma) P + gamma P mu, starting from the single-step model mu = P (a
    0-model), until the largest change is below ``tol``. A contraction with factor gamma.
    """
    mu = P.copy()
    for _ in range(max_iter):
        new = (1 - gamma) * P + gamma * P @ mu
        if np.max(np.abs(new - mu)) < tol:
            return new
        mu = new
    raise RuntimeError("bootstrap did not converge")


def rollout_value(P: np.ndarray, r: np.ndarray, gamma: float, horizon: int) -> np.ndarray:
    """V(s) = sum_{k=1}^{horizon} gamma^(k-1) (P^k r)(s), summed step by step (no inverse)."""
    v = np.zeros(P.shape[0])
    reach = np.eye(P.shape[0])
    for k in range(1, horizon + 1):
        reach = reach @ P
        v += gamma ** (k - 1) * reach @ r
    return v


@dataclass(frozen=True)
class MDP:
    """A finite MDP with linear rewards: T[a, s, s'], features phi[s, a, d], discount."""

    T: np.ndarray
    phi: np.ndarray
    gamma: float

    @property
    def n_states(self) -> int:
        return self.T.shape[1]

    @property
    def n_actions(self) -> int:
        return self.T.shape[0]


def random_mdp(rng: np.random.Generator, n_states: int, n_actions: int, n_features: int,
               gamma: float) -> MDP:
    """A random MDP: Dirichlet(1) transition rows, standard-normal features."""
    T = rng.dirichlet(np.ones(n_states), size=(n_actions, n_states))
    phi = rng.standard_normal((n_states, n_actions, n_features))
    return MDP(T=T, phi=phi, gamma=gamma)


def _policy_matrix(mdp: MDP, pi: np.ndarray) -> np.ndarray:
    """P_pi over state-action pairs: ((s, a), (s', a')) -> T[a, s, s'] 1[a' = pi(s')]."""
    S, A = mdp.n_states, mdp.n_actions
    M = np.zeros((S, A, S, A))
    M[:, :, np.arange(S), pi] = mdp.T.transpose(1, 0, 2)  # [s, a, s'] placed at a' = pi(s')
    return M.reshape(S * A, S * A)


def successor_features(mdp: MDP, pi: np.ndarray) -> np.ndarray:
    """psi^pi[s, a, :] solving psi = phi + gamma P_pi psi exactly."""
    S, A, d = mdp.phi.shape
    M = _policy_matrix(mdp, pi)
    psi = np.linalg.solve(np.eye(S * A) - mdp.gamma * M, mdp.phi.reshape(S * A, d))
    return psi.reshape(S, A, d)


def q_values(mdp: MDP, pi: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Q^pi[s, a] for reward phi . w, by policy evaluation with no features involved.

    Solves Q = r + gamma P_pi Q for the scalar reward; used to check psi . w.
    """
    S, A = mdp.n_states, mdp.n_actions
    r = (mdp.phi @ w).reshape(S * A)
    M = _policy_matrix(mdp, pi)
    return np.linalg.solve(np.eye(S * A) - mdp.gamma * M, r).reshape(S, A)


def optimal_policy(mdp: MDP, w: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """An optimal deterministic policy for reward phi . w, by policy iteration.

    Exact evaluation then greedy improvement until no state gains more than ``tol``;
    finite MDPs converge in a handful of iterations (value iteration would need hundreds).
    """
    pi = (mdp.phi @ w).argmax(axis=1)
    while True:
        q = q_values(mdp, pi, w)
        current = q[np.arange(mdp.n_states), pi]
        if np.all(q.max(axis=1) <= current + tol):
            return pi
        pi = q.argmax(axis=1)


def gpi_policy(psis: list[np.ndarray], w: np.ndarray) -> np.ndarray:
    """GPI: pi(s) = argmax_a max_i psi_i(s, a) . w."""
    q = np.max(np.stack([psi @ w for psi in psis]), axis=0)  # (S, A)
    return q.argmax(axis=1)
