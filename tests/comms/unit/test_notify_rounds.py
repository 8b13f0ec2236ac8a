"""How a worker's round is planned: lanes keep one incident's messages to the same recipients in order, a channel
takes at most concurrency x waves messages, a lane at most `waves`, so every send of a round ends within its lease."""

from __future__ import annotations

from aicident.notify.model import Due, lane_of, plan_round, waves


def due(message_id: str, channel: str = "chat", incident: str | None = "inc-1", to: tuple[str, ...] = ()) -> Due:
    return Due(message_id, channel, lane_of(channel, incident, to, message_id))


def test_one_incidents_messages_to_the_same_recipients_share_a_lane_and_keep_their_order():
    planned = plan_round(
        [due("a1"), due("b1", incident="inc-2"), due("a2"), due("c1", to=("x@example.com",)), due("a3")],
        concurrency={"chat": 8},
        waves={"chat": 6},
    )
    assert planned == {"chat": [["a1", "a2", "a3"], ["b1"], ["c1"]]}


def test_messages_about_no_incident_each_have_a_lane_of_their_own():
    planned = plan_round([due(f"m{n}", incident=None) for n in range(4)], concurrency={"chat": 2}, waves={"chat": 3})
    assert planned == {"chat": [["m0"], ["m1"], ["m2"], ["m3"]]}


def test_a_channel_takes_at_most_concurrency_times_waves_and_a_lane_at_most_waves():
    many = [due(f"m{n}", incident=None) for n in range(10)] + [due(f"s{n}") for n in range(5)]
    planned = plan_round(many, concurrency={"chat": 2}, waves={"chat": 3})
    assert sum(len(lane) for lane in planned["chat"]) == 6
    assert planned["chat"] == [["m0"], ["m1"], ["m2"], ["m3"], ["m4"], ["m5"]]
    only_lane = plan_round([due(f"s{n}") for n in range(5)], concurrency={"chat": 8}, waves={"chat": 3})
    assert only_lane == {"chat": [["s0", "s1", "s2"]]}  # the rest of the lane waits for the next round, in order


def test_channels_are_planned_apart():
    planned = plan_round(
        [due("e1", channel="email", incident=None), due("c1"), due("e2", channel="email", incident=None)],
        concurrency={"chat": 1, "email": 1},
        waves={"chat": 1, "email": 1},
    )
    assert planned == {"email": [["e1"]], "chat": [["c1"]]}


def test_waves_fit_half_a_lease_of_sends_that_each_time_out():
    assert waves(120, 10) == 6
    assert waves(120, 60) == 1
    assert waves(30, 300) == 1  # a lease shorter than one timeout still sends one at a time
