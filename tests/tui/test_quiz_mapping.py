"""The shuffle and the mapping back to authored option indexes (no Textual involved)."""

from __future__ import annotations

from rls_tutor.session.shuffle import card_seed, shuffled_order, to_authored, to_display


def test_order_is_a_stable_permutation() -> None:
    seed = card_seed(7, "iron-th-cofactor")
    order = shuffled_order(5, seed)
    assert sorted(order) == list(range(5))
    assert shuffled_order(5, seed) == order  # stable while the card is on screen
    assert card_seed(7, "iron-th-cofactor") == seed  # and across runs with a fixed base


def test_orders_vary_without_a_fixed_seed() -> None:
    orders = {tuple(shuffled_order(6, card_seed(None, "q"))) for _ in range(20)}
    assert len(orders) > 1


def test_mapping_round_trip() -> None:
    order = [2, 0, 3, 1]  # display position -> authored index
    assert to_authored(order, [0]) == (2,)
    assert to_authored(order, [3, 1]) == (0, 1)  # sorted authored indexes
    assert to_display(order, {0, 1}) == [1, 3]  # in display order
