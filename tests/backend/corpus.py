"""A corpus of ibis expressions over the skymill tables, run on several backends and compared.

Each ``q_<name>(t)`` takes a namespace whose attributes are the 17 skymill tables of one
backend (``t.cities``, ``t.bookings``...) and returns an expression. Results are compared as
sets of rows (sorted before comparing) unless the query is marked :func:`ordered`, whose row
order is part of the answer. Expressions are deterministic: every ``limit`` follows an order
on a unique key.

:data:`UNSUPPORTED` lists the queries the Mill compiler rejects at compile time, with the
reason; they must raise ``UnsupportedOperationError`` before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis
import ibis.common.exceptions as com
import ibis.expr.types as ir
from ibis import _

Query = Callable[[Any], ir.Expr]

TABLES = (
    "aircraft",
    "aircraft_types",
    "bookings",
    "cancellations",
    "cargo_clients",
    "cargo_flights",
    "cargo_shipments",
    "cargo_types",
    "cities",
    "countries",
    "delays",
    "flight_instances",
    "loyalty_earnings",
    "passenger",
    "ratings",
    "segments",
    "ticket_prices",
)

ORDERED: set[str] = set()

#: What a compile-time rejection raises: ibis's compilers raise ``OperationNotDefinedError``
#: for the ops in ``UNSUPPORTED_OPS`` (and ops without a rule), ``UnsupportedOperationError``
#: for rejections with a reason.
COMPILE_REJECTIONS = (com.OperationNotDefinedError, com.UnsupportedOperationError)


def ordered(query: Query) -> Query:
    """Mark ``query`` as one whose row order must match too."""
    ORDERED.add(query.__name__)
    return query


# -- projections and filters ----------------------------------------------------------------


def q_select_all(t):
    return t.cities


def q_select_columns(t):
    return t.cities.select("id", "city", "state")


def q_select_rename(t):
    return t.cities.rename(town="city", region="state").select("id", "town", "region")


def q_drop_columns(t):
    return t.passenger.drop("domicile_address", "loyalty_tier")


def q_mutate_arithmetic(t):
    tp = t.ticket_prices
    return tp.mutate(net=tp.total_price - tp.taxes, doubled=tp.base_price * 2).select(
        "booking_id", "net", "doubled"
    )


def q_filter_eq(t):
    return t.delays.filter(t.delays.reason == "weather")


def q_filter_ne(t):
    return t.delays.filter(t.delays.reason != "weather").select("id", "reason")


def q_filter_and_or(t):
    p = t.passenger
    return p.filter(((p.age > 60) & (p.loyalty_tier == "gold")) | (p.age < 15)).select(
        "id", "age", "loyalty_tier"
    )


def q_filter_not(t):
    p = t.passenger
    return p.filter(~p.loyalty_program_member).select("id", "first_name")


def q_filter_between(t):
    return t.passenger.filter(t.passenger.age.between(30, 40)).select("id", "age")


def q_filter_isin(t):
    return t.delays.filter(t.delays.reason.isin(["crew", "other"])).select("id", "reason")


def q_filter_notin(t):
    return t.delays.filter(t.delays.reason.notin(["crew", "other"])).select("id", "reason")


def q_filter_bool_column(t):
    return t.passenger.filter(t.passenger.loyalty_program_member).select("id")


def q_filter_multiple_predicates(t):
    s = t.segments
    return s.filter(s.distance > 500, s.distance < 1500, s.origin != s.destination)


def q_filter_date_literal(t):
    fi = t.flight_instances
    return fi.filter(fi.departure_date >= ibis.date(2026, 3, 1)).select("id", "departure_date")


def q_filter_date_range(t):
    r = t.ratings
    return r.filter(r.rated_at.between(ibis.date(2026, 2, 1), ibis.date(2026, 2, 28))).select(
        "id", "rated_at", "rating"
    )


def q_filter_float(t):
    tp = t.ticket_prices
    return tp.filter(tp.total_price > 1000.5).select("booking_id", "total_price")


def q_filter_computed(t):
    tp = t.ticket_prices
    return tp.filter((tp.base_price + tp.taxes) > 1200).select("booking_id")


def q_filter_then_mutate(t):
    a = t.aircraft
    return a.filter(a.capacity > 150).mutate(big=a.capacity * 10)


def q_literal_columns(t):
    return t.aircraft_types.select(
        "id", one=ibis.literal(1), label=ibis.literal("fleet"), flag=ibis.literal(True)
    )


def q_select_expression_only(t):
    return t.segments.select(km=t.segments.distance * 1.609)


# -- aggregates -------------------------------------------------------------------------------


def q_count_star(t):
    return t.bookings.count()


def q_count_filtered(t):
    return t.passenger.filter(t.passenger.age > 50).count()


def q_sum(t):
    return t.cargo_shipments.weight_kg.sum()


def q_mean(t):
    return t.passenger.age.mean()


def q_min_max(t):
    tp = t.ticket_prices
    return tp.aggregate(lo=tp.total_price.min(), hi=tp.total_price.max())


def q_min_max_string(t):
    c = t.cities
    return c.aggregate(first=c.city.min(), last=c.city.max())


def q_min_max_date(t):
    fi = t.flight_instances
    return fi.aggregate(first=fi.departure_date.min(), last=fi.departure_date.max())


def q_nunique(t):
    return t.bookings.passenger_id.nunique()


def q_count_column(t):
    return t.cities.airport.count()


def q_multiple_aggregates(t):
    cs = t.cargo_shipments
    return cs.aggregate(
        n=cs.count(),
        total=cs.revenue.sum(),
        avg_weight=cs.weight_kg.mean(),
        heaviest=cs.weight_kg.max(),
    )


def q_aggregate_where(t):
    p = t.passenger
    return p.aggregate(
        gold=p.count(where=p.loyalty_tier == "gold"),
        old_age=p.age.sum(where=p.age > 60),
    )


def q_stddev(t):
    return t.passenger.age.std()


def q_variance_pop(t):
    return t.passenger.age.var(how="pop")


def q_median(t):
    return t.passenger.age.median()


def q_quantile(t):
    return t.ticket_prices.total_price.quantile(0.9)


def q_approx_nunique(t):
    return t.bookings.flight_instance_id.approx_nunique()


def q_bool_any(t):
    return t.passenger.loyalty_program_member.any()


def q_bool_all(t):
    return t.passenger.loyalty_program_member.all()


def q_group_concat(t):
    return t.aircraft_types.name.group_concat(",")


def q_collect(t):
    return t.aircraft_types.id.collect()


def q_arbitrary(t):
    return t.aircraft_types.filter(t.aircraft_types.id == 1).name.arbitrary()


def q_first(t):
    return t.aircraft_types.name.first(order_by=t.aircraft_types.id)


def q_argmax(t):
    c = t.cities
    return c.city.argmax(c.population)


def q_correlation(t):
    tp = t.ticket_prices
    return tp.base_price.corr(tp.taxes, how="pop")


def q_sum_of_expression(t):
    tp = t.ticket_prices
    return (tp.base_price + tp.taxes).sum()


def q_mean_of_bool(t):
    return t.passenger.loyalty_program_member.mean()


# -- group by ---------------------------------------------------------------------------------


def q_group_count(t):
    return t.delays.group_by("reason").aggregate(n=_.count())


def q_group_sum(t):
    return t.delays.group_by("reason").aggregate(total=_.delay_minutes.sum())


def q_group_multiple_keys(t):
    tp = t.ticket_prices
    return tp.group_by(["travel_class", "currency"]).aggregate(
        n=tp.count(), avg=tp.total_price.mean()
    )


def q_group_expression_key(t):
    p = t.passenger
    return p.group_by(decade=(p.age // 10) * 10).aggregate(n=p.count())


def q_group_having(t):
    b = t.bookings
    return b.group_by("passenger_id").aggregate(n=b.count()).filter(_.n > 7)


def q_group_having_method(t):
    b = t.bookings
    return b.aggregate(n=b.count(), by="flight_instance_id", having=b.count() > 4)


def q_group_nunique(t):
    fi = t.flight_instances
    return fi.group_by("segment_id").aggregate(aircraft=fi.aircraft_id.nunique())


def q_group_min_max_dates(t):
    fi = t.flight_instances
    return fi.group_by("aircraft_id").aggregate(
        first=fi.departure_date.min(), last=fi.arrival_date.max()
    )


def q_group_boolean_key(t):
    p = t.passenger
    return p.group_by("loyalty_program_member").aggregate(n=p.count(), avg_age=p.age.mean())


def q_group_by_computed_string(t):
    c = t.cities
    return c.group_by(initial=c.city.substr(0, 1)).aggregate(n=c.count())


def q_group_then_order_limit(t):
    d = t.delays
    return (
        d.group_by("flight_instance_id")
        .aggregate(total=d.delay_minutes.sum())
        .order_by([ibis.desc("total"), "flight_instance_id"])
        .limit(5)
    )


def q_group_filtered_input(t):
    p = t.passenger
    return p.filter(p.age >= 18).group_by("loyalty_tier").aggregate(n=_.count())


def q_group_conditional_count(t):
    tp = t.ticket_prices
    return tp.group_by("currency").aggregate(
        first=tp.count(where=tp.travel_class == "first"),
        pricey=(tp.total_price > 1000).sum(),
    )


def q_value_counts(t):
    return t.passenger.loyalty_tier.value_counts()


def q_group_std(t):
    p = t.passenger
    return p.group_by("loyalty_tier").aggregate(sd=p.age.std())


def q_topk(t):
    return t.delays.reason.topk(2)


def q_distinct_rows(t):
    return t.flight_instances.select("aircraft_id", "segment_id").distinct()


def q_distinct_single(t):
    return t.delays.select("reason").distinct()


def q_distinct_on(t):
    # Which row of a segment is "first" is up to the engine without an order; the kept
    # segments are not.
    return t.flight_instances.distinct(on="segment_id", keep="first").select("segment_id")


def q_distinct_then_count(t):
    return t.bookings.select("passenger_id").distinct().count()


# -- order and limit ----------------------------------------------------------------------------


@ordered
def q_order_asc(t):
    return t.cities.order_by("population").select("city", "population")


@ordered
def q_order_desc(t):
    return t.cities.order_by(ibis.desc("population")).select("city", "population")


@ordered
def q_order_multiple(t):
    p = t.passenger
    return p.order_by(["loyalty_tier", ibis.desc("age"), "id"]).select("id", "loyalty_tier", "age")


@ordered
def q_order_expression(t):
    s = t.segments
    return s.order_by([(s.distance % 7), s.id]).select("id", "distance")


@ordered
def q_limit(t):
    return t.bookings.order_by("id").limit(10)


@ordered
def q_limit_offset(t):
    return t.bookings.order_by("id").limit(10, offset=20)


def q_limit_without_order_count(t):
    return t.bookings.limit(15).count()


@ordered
def q_head(t):
    return t.aircraft.order_by("id").head(3)


@ordered
def q_order_by_aggregate(t):
    d = t.delays
    return d.group_by("reason").aggregate(n=d.count()).order_by([ibis.desc("n"), "reason"])


@ordered
def q_order_nulls_desc(t):
    p = t.passenger
    tier = ibis.ifelse(p.loyalty_tier == "gold", ibis.null("string"), p.loyalty_tier)
    return p.select("id", tier=tier).order_by([ibis.desc("tier"), "id"]).limit(60)


@ordered
def q_order_nulls_asc(t):
    p = t.passenger
    tier = ibis.ifelse(p.loyalty_tier == "gold", ibis.null("string"), p.loyalty_tier)
    return p.select("id", tier=tier).order_by(["tier", "id"]).limit(60)


@ordered
def q_order_nulls_first(t):
    p = t.passenger
    tier = ibis.ifelse(p.loyalty_tier == "gold", ibis.null("string"), p.loyalty_tier)
    return p.select("id", tier=tier).order_by([_.tier.asc(nulls_first=True), "id"]).limit(60)


@ordered
def q_order_then_filter(t):
    c = t.cities
    return c.order_by("id").filter(c.population > 1_000_000).select("id", "population")


def q_sample(t):
    return t.bookings.sample(0.1)


# -- joins ------------------------------------------------------------------------------------


def q_join_inner(t):
    s, c = t.segments, t.cities
    return s.join(c, s.origin == c.id).select(s.id, c.city)


def q_join_left(t):
    c, p = t.cities, t.passenger
    return c.left_join(p, c.id == p.domicile_city_id).select(c.city, p.id)


def q_join_right(t):
    p, c = t.passenger, t.cities
    return p.right_join(c, p.domicile_city_id == c.id).select(p.first_name, c.city)


def q_join_outer(t):
    s, c = t.segments, t.cities
    return c.outer_join(s, c.id == s.destination).select(c.city, s.id)


def q_join_cross(t):
    return t.aircraft_types.cross_join(t.cargo_types).select(
        a=t.aircraft_types.name, c=t.cargo_types.name
    )


def q_join_semi(t):
    p, b = t.passenger, t.bookings
    return p.semi_join(b, p.id == b.passenger_id).select("id")


def q_join_anti(t):
    p, b = t.passenger, t.bookings
    return p.anti_join(b, p.id == b.passenger_id).select("id")


def q_join_self(t):
    s = t.segments
    back = s.view()
    return s.join(back, [s.origin == back.destination, s.destination == back.origin]).select(
        s.id, back_id=back.id
    )


def q_join_multiple_keys(t):
    le, b = t.loyalty_earnings, t.bookings
    return le.join(b, [le.booking_id == b.id, le.passenger_id == b.passenger_id]).select(
        le.id, b.seat_number
    )


def q_join_three_tables(t):
    b, p, fi = t.bookings, t.passenger, t.flight_instances
    return (
        b.join(p, b.passenger_id == p.id)
        .join(fi, b.flight_instance_id == fi.id)
        .select(b.id, p.last_name, fi.departure_date)
    )


def q_join_three_tables_aggregate(t):
    cs, cc, ct = t.cargo_shipments, t.cargo_clients, t.cargo_types
    joined = (
        cs.join(cc, cs.client_id == cc.id)
        .join(ct, cs.cargo_type_id == ct.id)
        .select(cs.revenue, cc.region, cargo=ct.name)
    )
    return joined.group_by(["region", "cargo"]).aggregate(revenue=joined.revenue.sum())


def q_join_non_equi(t):
    a, at = t.aircraft, t.aircraft_types
    return a.join(at, (a.aircraft_type_id == at.id) & (a.capacity > 200)).select(a.id, at.name)


def q_join_inequality_only(t):
    at, ct = t.aircraft_types, t.cargo_types
    return at.join(ct, at.id < ct.id).select(a=at.id, c=ct.id)


def q_join_then_filter(t):
    s, c = t.segments, t.cities
    j = s.join(c, s.origin == c.id)
    return j.filter(j.population > 2_000_000).select("id", "city", "distance")


def q_join_filtered_inputs(t):
    p = t.passenger.filter(t.passenger.age > 70)
    c = t.cities.filter(t.cities.population > 500_000)
    return p.join(c, p.domicile_city_id == c.id).select(p.id, c.city)


def q_join_left_aggregate_nulls(t):
    fi, d = t.flight_instances, t.delays
    j = fi.left_join(d, fi.id == d.flight_instance_id)
    return j.group_by(j.segment_id).aggregate(delayed=j.delay_minutes.count(), n=j.count())


def q_join_left_is_null(t):
    fi, c = t.flight_instances, t.cancellations
    j = fi.left_join(c, fi.id == c.flight_instance_id)
    return j.filter(j.cancellation_reason.isnull()).select(fi.id)


def q_join_segments_cities_twice(t):
    s, c = t.segments, t.cities
    o, d = c.view(), c.view()
    return (
        s.join(o, s.origin == o.id)
        .join(d, s.destination == d.id)
        .select(s.id, origin_city=o.city, destination_city=d.city)
    )


def q_join_aggregated_subquery(t):
    b = t.bookings
    per_flight = b.group_by("flight_instance_id").aggregate(n=b.count())
    fi = t.flight_instances
    return fi.join(per_flight, fi.id == per_flight.flight_instance_id).select(fi.id, "n")


def q_join_asof(t):
    fi, r = t.flight_instances, t.ratings
    return fi.asof_join(r, fi.departure_date >= r.rated_at).select(fi.id, r.rating)


def q_join_memtable(t):
    names = ibis.memtable({"reason": ["weather", "crew"], "label": ["Weather", "Crew"]})
    d = t.delays
    return d.join(names, d.reason == names.reason).select(d.id, names.label)


def q_memtable_alone(t):
    return ibis.memtable({"a": [1, 2, 3], "b": ["x", "y", None]})


# -- set operations -----------------------------------------------------------------------------


def q_union_all(t):
    return t.flight_instances.select("id", "segment_id").union(
        t.cargo_flights.select("id", "segment_id")
    )


def q_union_distinct(t):
    return t.flight_instances.select("segment_id").union(
        t.cargo_flights.select("segment_id"), distinct=True
    )


def q_intersect(t):
    return t.flight_instances.select("segment_id").intersect(t.cargo_flights.select("segment_id"))


def q_difference(t):
    return t.flight_instances.select("segment_id").difference(t.cargo_flights.select("segment_id"))


def q_union_three(t):
    a = t.aircraft_types.select("name")
    c = t.cargo_types.select("name")
    r = t.delays.select(name=t.delays.reason)
    return ibis.union(a, c, r, distinct=True)


def q_union_then_aggregate(t):
    u = t.flight_instances.select("segment_id").union(t.cargo_flights.select("segment_id"))
    return u.group_by("segment_id").aggregate(n=u.count())


def q_intersect_all(t):
    return t.flight_instances.select("segment_id").intersect(
        t.cargo_flights.select("segment_id"), distinct=False
    )


# -- windows ----------------------------------------------------------------------------------


def q_window_row_number(t):
    p = t.passenger
    w = ibis.window(group_by=p.loyalty_tier, order_by=p.id)
    return p.select("id", "loyalty_tier", rn=ibis.row_number().over(w))


def q_window_rank(t):
    p = t.passenger
    return p.select("id", r=p.age.rank())


def q_window_dense_rank(t):
    p = t.passenger
    return p.select("id", r=p.age.dense_rank())


def q_window_percent_rank(t):
    c = t.cities
    return c.select("id", pr=c.population.percent_rank())


def q_window_cume_dist(t):
    c = t.cities
    return c.select("id", cd=c.population.cume_dist())


def q_window_ntile(t):
    c = t.cities
    return c.select("id", bucket=c.population.ntile(4))


def q_window_lag(t):
    c = t.cities
    return c.select("id", prev=c.population.lag().over(order_by=c.id))


def q_window_lead_offset_default(t):
    c = t.cities
    return c.select("id", nxt=c.population.lead(2, default=0).over(order_by=c.id))


def q_window_partition_sum(t):
    d = t.delays
    return d.select("id", "reason", total=d.delay_minutes.sum().over(group_by=d.reason))


def q_window_partition_mean(t):
    p = t.passenger
    return p.mutate(avg_tier_age=p.age.mean().over(group_by=p.loyalty_tier)).select(
        "id", "avg_tier_age"
    )


def q_window_cumulative_sum(t):
    c = t.cities
    return c.select("id", running=c.population.cumsum(order_by=c.id))


def q_window_rolling_rows(t):
    c = t.cities
    w = ibis.window(order_by=c.id, preceding=2, following=0)
    return c.select("id", rolling=c.population.sum().over(w))


def q_window_centered_rows(t):
    c = t.cities
    w = ibis.window(order_by=c.id, preceding=1, following=1)
    return c.select("id", avg=c.population.mean().over(w))


def q_window_min_max(t):
    d = t.delays
    return d.select(
        "id",
        lo=d.delay_minutes.min().over(group_by=d.reason),
        hi=d.delay_minutes.max().over(group_by=d.reason),
    )


def q_window_first_last_value(t):
    c = t.cities
    w = ibis.window(order_by=c.id)
    return c.select("id", first=c.city.first().over(w), last=c.city.last().over(w))


def q_window_count(t):
    p = t.passenger
    return p.select("id", n=p.count().over(group_by=p.loyalty_tier))


def q_window_filter_top_per_group(t):
    p = t.passenger
    w = ibis.window(group_by=p.loyalty_tier, order_by=[ibis.desc(p.age), p.id])
    ranked = p.mutate(rn=ibis.row_number().over(w))
    return ranked.filter(ranked.rn < 3).select("id", "loyalty_tier", "age")


def q_window_difference_from_mean(t):
    tp = t.ticket_prices
    return tp.select(
        "booking_id",
        diff=tp.total_price - tp.total_price.mean().over(group_by=tp.travel_class),
    )


def q_window_rank_descending(t):
    c = t.cities
    return c.select("id", r=ibis.rank().over(order_by=ibis.desc(c.population)))


# -- strings ----------------------------------------------------------------------------------


def q_string_upper_lower(t):
    c = t.cities
    return c.select("id", up=c.city.upper(), low=c.city.lower())


def q_string_length(t):
    return t.cities.select("id", n=t.cities.city.length())


def q_string_substr(t):
    c = t.cities
    return c.select("id", part=c.city.substr(1, 3))


def q_string_substr_to_end(t):
    a = t.aircraft
    return a.select("id", digits=a.aircraft_code.substr(3))


def q_string_concat(t):
    p = t.passenger
    return p.select("id", full=p.first_name + " " + p.last_name)


def q_string_concat_method(t):
    c = t.cities
    return c.select("id", label=c.city.concat(" (", c.airport_iata, ")"))


def q_string_startswith(t):
    return t.cities.filter(t.cities.city.startswith("New")).select("id", "city")


def q_string_endswith(t):
    return t.cities.filter(t.cities.city.endswith("burgh")).select("id", "city")


def q_string_contains(t):
    return t.cities.filter(t.cities.airport.contains("airport")).select("id")


def q_string_like(t):
    return t.cities.filter(t.cities.city.like("%ville%")).select("id", "city")


def q_string_ilike(t):
    return t.cities.filter(t.cities.city.ilike("%NEW%")).select("id", "city")


def q_string_replace(t):
    c = t.cities
    return c.select("id", name=c.airport.replace(" airport", ""))


def q_string_strip(t):
    c = t.cities
    return c.select("id", s=(" " + c.city + " ").strip())


def q_string_lpad(t):
    c = t.cities
    return c.select("id", padded=c.airport_iata.lpad(6, "*"))


def q_string_find(t):
    c = t.cities
    return c.select("id", pos=c.city.find("e"))


def q_string_regex_search(t):
    return t.cities.filter(t.cities.city.re_search("^[A-M]")).select("id")


def q_string_regex_replace(t):
    c = t.cities
    return c.select("id", s=c.city.re_replace("[aeiou]", "_"))


def q_string_reverse(t):
    return t.cities.select("id", r=t.cities.city.reverse())


def q_string_capitalize(t):
    return t.aircraft_types.select("id", c=t.aircraft_types.name.capitalize())


def q_string_repeat(t):
    return t.aircraft_types.select("id", r=t.aircraft_types.name.repeat(2))


def q_string_left_right(t):
    c = t.cities
    return c.select("id", l=c.city.left(2), r=c.city.right(2))


def q_string_split(t):
    return t.cities.select("id", parts=t.cities.airport.split(" "))


def q_string_compare(t):
    return t.cities.filter(t.cities.city < "M").select("id", "city")


def q_string_in_case(t):
    p = t.passenger
    return p.select(
        "id",
        tier=p.loyalty_tier.cases(("gold", "G"), ("silver", "S"), else_="other"),
    )


def q_string_length_aggregate(t):
    r = t.ratings
    return r.group_by("rating").aggregate(avg_len=r.rating_comment.length().mean())


def q_string_multiline_values(t):
    p = t.passenger
    return p.filter(p.domicile_address.contains("\n")).count()


# -- numbers ----------------------------------------------------------------------------------


def q_numeric_abs_negate(t):
    s = t.segments
    return s.select("id", neg=-s.distance, back=(-s.distance).abs())


def q_numeric_round(t):
    tp = t.ticket_prices
    return tp.select("booking_id", r2=tp.total_price.round(2), r0=tp.total_price.round())


def q_numeric_ceil_floor(t):
    tp = t.ticket_prices
    return tp.select("booking_id", c=tp.taxes.ceil(), f=tp.taxes.floor())


def q_numeric_modulo(t):
    s = t.segments
    return s.select("id", m=s.distance % 100)


def q_numeric_floor_division(t):
    s = t.segments
    return s.select("id", d=s.distance // 100)


def q_numeric_true_division(t):
    s = t.segments
    return s.select("id", d=s.distance / 7)


def q_numeric_int_division_negative(t):
    s = t.segments
    return s.select("id", d=(-s.distance) // 7, m=(-s.distance) % 7)


def q_numeric_power(t):
    a = t.aircraft
    return a.select("id", sq=a.capacity**2)


def q_numeric_sqrt(t):
    return t.segments.select("id", r=t.segments.distance.sqrt())


def q_numeric_exp_ln(t):
    c = t.cities
    return c.select("id", ln=c.population.ln(), back=c.population.ln().exp())


def q_numeric_log10(t):
    return t.cities.select("id", l=t.cities.population.log10())


def q_numeric_log2(t):
    return t.cities.select("id", l=t.cities.population.log2())


def q_numeric_log_base(t):
    return t.cities.select("id", l=t.cities.population.log(3))


def q_numeric_sign(t):
    s = t.segments
    return s.select("id", sg=(s.distance - 1000).sign())


def q_numeric_clip(t):
    s = t.segments
    return s.select("id", c=s.distance.clip(lower=500, upper=1500))


def q_numeric_trig(t):
    s = t.segments
    x = s.distance / 1000
    return s.select("id", sin=x.sin(), cos=x.cos(), tan=x.tan(), atan=x.atan())


def q_numeric_atan2(t):
    s = t.segments
    return s.select("id", a=s.distance.atan2(s.id))


def q_numeric_degrees(t):
    s = t.segments
    return s.select("id", d=(s.distance / 1000).degrees())


def q_numeric_greatest_least(t):
    tp = t.ticket_prices
    return tp.select(
        "booking_id",
        g=ibis.greatest(tp.base_price, tp.taxes, tp.total_price),
        l=ibis.least(tp.base_price, tp.taxes),
    )


def q_numeric_bitwise(t):
    s = t.segments
    return s.select("id", b=s.distance & 255)


def q_numeric_mixed_arithmetic(t):
    cs = t.cargo_shipments
    return cs.select("id", per_kg=cs.revenue / cs.weight_kg, plus=cs.weight_kg + 0.5)


def q_numeric_decimal_literal(t):
    tp = t.ticket_prices
    return tp.select("booking_id", fee=tp.base_price * ibis.literal(1.25, type="decimal(10, 2)"))


def q_numeric_isnan(t):
    tp = t.ticket_prices
    return tp.filter(~tp.total_price.isnan()).count()


# -- dates and times --------------------------------------------------------------------------


def q_date_parts(t):
    fi = t.flight_instances
    d = fi.departure_date
    return fi.select("id", y=d.year(), m=d.month(), d=d.day())


def q_date_quarter(t):
    fi = t.flight_instances
    return fi.select("id", q=fi.departure_date.quarter())


def q_date_day_of_year(t):
    fi = t.flight_instances
    return fi.select("id", doy=fi.departure_date.day_of_year())


def q_date_day_of_week(t):
    fi = t.flight_instances
    return fi.select("id", dow=fi.departure_date.day_of_week.index())


def q_date_week_of_year(t):
    fi = t.flight_instances
    return fi.select("id", w=fi.departure_date.week_of_year())


def q_date_add_interval(t):
    fi = t.flight_instances
    return fi.select("id", later=fi.departure_date + ibis.interval(days=3))


def q_date_subtract_interval(t):
    fi = t.flight_instances
    return fi.select("id", earlier=fi.departure_date - ibis.interval(months=1))


def q_date_delta_days(t):
    fi = t.flight_instances
    return fi.select("id", days=fi.arrival_date.delta(fi.departure_date, unit="day"))


def q_date_difference(t):
    fi = t.flight_instances
    return fi.select("id", gap=(fi.arrival_date - fi.departure_date).as_unit("D"))


def q_date_truncate_month(t):
    fi = t.flight_instances
    return fi.group_by(month=fi.departure_date.truncate("M")).aggregate(n=fi.count())


def q_date_strftime(t):
    fi = t.flight_instances
    return fi.select("id", s=fi.departure_date.strftime("%Y/%m"))


def q_date_group_by_month(t):
    fi = t.flight_instances
    return fi.group_by(m=fi.departure_date.month()).aggregate(n=fi.count())


def q_date_compare_columns(t):
    fi = t.flight_instances
    return fi.filter(fi.arrival_date > fi.departure_date).count()


def q_date_to_timestamp(t):
    fi = t.flight_instances
    return fi.select("id", ts=fi.departure_date.cast("timestamp"))


def q_timestamp_literal_filter(t):
    fi = t.flight_instances
    ts = fi.departure_date.cast("timestamp")
    return fi.filter(ts < ibis.timestamp("2026-02-01 12:30:00")).select("id")


def q_timestamp_parts(t):
    fi = t.flight_instances
    ts = fi.departure_date.cast("timestamp") + ibis.interval(minutes=307)
    return fi.select("id", h=ts.hour(), mi=ts.minute(), s=ts.second())


def q_timestamp_add_compound_interval(t):
    fi = t.flight_instances
    return fi.select(
        "id", ts=fi.departure_date.cast("timestamp") + ibis.interval(hours=5, minutes=7)
    )


def q_timestamp_add_hours(t):
    fi = t.flight_instances
    ts = fi.departure_date.cast("timestamp")
    return fi.select("id", ts=ts + ibis.interval(hours=36))


def q_timestamp_epoch_seconds(t):
    fi = t.flight_instances
    return fi.select("id", e=fi.departure_date.cast("timestamp").epoch_seconds())


def q_timestamp_truncate_hour(t):
    fi = t.flight_instances
    ts = fi.departure_date.cast("timestamp") + ibis.interval(minutes=90)
    return fi.select("id", h=ts.truncate("h"))


def q_date_from_parts(t):
    fi = t.flight_instances
    d = fi.departure_date
    return fi.select("id", first_of_month=ibis.date(d.year(), d.month(), 1))


def q_current_date(t):
    return t.aircraft_types.select("id", today=ibis.today())


def q_date_literal_column(t):
    return t.aircraft_types.select("id", d=ibis.date(2026, 7, 4))


# -- casts --------------------------------------------------------------------------------------


def q_cast_int_to_string(t):
    return t.segments.select("id", s=t.segments.distance.cast("string"))


def q_cast_string_to_int(t):
    a = t.aircraft
    return a.select("id", n=a.aircraft_code.substr(3).cast("int64"))


def q_cast_int_to_float(t):
    return t.segments.select("id", f=t.segments.distance.cast("float64"))


def q_cast_float_to_int(t):
    tp = t.ticket_prices
    return tp.select("booking_id", n=tp.total_price.cast("int64"))


def q_cast_to_smaller_ints(t):
    a = t.aircraft
    return a.select("id", i8=a.aircraft_type_id.cast("int8"), i16=a.capacity.cast("int16"))


def q_cast_to_float32(t):
    tp = t.ticket_prices
    return tp.select("booking_id", f=tp.taxes.cast("float32"))


def q_cast_date_to_string(t):
    fi = t.flight_instances
    return fi.select("id", s=fi.departure_date.cast("string"))


def q_cast_string_to_date(t):
    return t.aircraft_types.select("id", d=ibis.literal("2026-03-15").cast("date"))


def q_cast_bool_to_int(t):
    p = t.passenger
    return p.select("id", m=p.loyalty_program_member.cast("int32"))


def q_cast_decimal(t):
    tp = t.ticket_prices
    return tp.select("booking_id", d=tp.total_price.cast("decimal(12, 2)"))


def q_try_cast(t):
    c = t.cities
    return c.select("id", n=c.airport_iata.try_cast("int64"))


# -- case / when --------------------------------------------------------------------------------


def q_case_searched(t):
    p = t.passenger
    band = ibis.cases((p.age < 18, "minor"), (p.age < 65, "adult"), else_="senior")
    return p.select("id", band=band)


def q_case_no_else(t):
    p = t.passenger
    return p.select("id", senior=ibis.cases((p.age >= 65, p.age)))


def q_case_simple(t):
    d = t.delays
    return d.select("id", code=d.reason.cases(("weather", 1), ("technical", 2), else_=0))


def q_case_in_aggregate(t):
    p = t.passenger
    return p.aggregate(
        minors=ibis.cases((p.age < 18, 1), else_=0).sum(),
        seniors=ibis.cases((p.age >= 65, 1), else_=0).sum(),
    )


def q_ifelse(t):
    s = t.segments
    return s.select("id", kind=ibis.ifelse(s.distance > 1000, "long", "short"))


def q_ifelse_numeric(t):
    s = t.segments
    return s.select("id", km=ibis.ifelse(s.distance > 1000, s.distance, 0))


def q_substitute(t):
    d = t.delays
    return d.select("id", r=d.reason.substitute({"weather": "W", "crew": "C"}, else_="?"))


def q_case_group_key(t):
    p = t.passenger
    band = ibis.cases((p.age < 30, "young"), (p.age < 60, "middle"), else_="old")
    return p.group_by(band=band).aggregate(n=p.count())


# -- nulls ------------------------------------------------------------------------------------


def q_null_literal_column(t):
    return t.aircraft_types.select("id", nothing=ibis.null("int64"))


def q_nullif(t):
    d = t.delays
    return d.select("id", r=d.reason.nullif("other"))


def q_fill_null(t):
    d = t.delays
    return d.select("id", r=d.reason.nullif("other").fill_null("unknown"))


def q_coalesce(t):
    d = t.delays
    return d.select("id", r=ibis.coalesce(d.reason.nullif("crew"), d.reason.nullif("other"), "x"))


def q_isnull_count(t):
    d = t.delays
    return d.aggregate(nulls=d.reason.nullif("weather").isnull().sum())


def q_notnull_filter(t):
    d = t.delays
    r = d.reason.nullif("weather")
    return d.filter(r.notnull()).select("id")


def q_null_aggregates_ignore_nulls(t):
    d = t.delays
    minutes = ibis.ifelse(d.reason == "crew", ibis.null("int64"), d.delay_minutes)
    return d.aggregate(n=minutes.count(), total=minutes.sum(), avg=minutes.mean())


def q_drop_null(t):
    c, p = t.cities, t.passenger
    j = c.left_join(p, c.id == p.domicile_city_id).select(c.city, p.age)
    return j.drop_null("age")


def q_fill_null_table(t):
    c, p = t.cities, t.passenger
    j = c.left_join(p, c.id == p.domicile_city_id).select(c.city, p.age)
    return j.fill_null({"age": -1})


def q_null_in_arithmetic(t):
    s = t.segments
    return s.select("id", x=s.distance + ibis.null("int64"))


def q_null_comparison_filter(t):
    d = t.delays
    r = d.reason.nullif("weather")
    return d.filter(r == "crew").count()


def q_identical_to(t):
    d = t.delays
    r = d.reason.nullif("weather")
    return d.select("id", same=r.identical_to(ibis.null("string")))


def q_group_by_nullable_key(t):
    d = t.delays
    return d.group_by(r=d.reason.nullif("weather")).aggregate(n=d.count())


# -- subqueries ---------------------------------------------------------------------------------


def q_subquery_in(t):
    p, b = t.passenger, t.bookings
    return p.filter(p.id.isin(b.filter(b.flight_instance_id < 2_000_000).passenger_id)).select("id")


def q_subquery_not_in(t):
    fi, c = t.flight_instances, t.cancellations
    return fi.filter(fi.id.notin(c.flight_instance_id)).count()


def q_subquery_scalar_compare(t):
    p = t.passenger
    return p.filter(p.age > p.age.mean()).select("id", "age")


def q_subquery_scalar_in_select(t):
    s = t.segments
    return s.select("id", share=s.distance / s.distance.sum())


def q_subquery_exists_correlated(t):
    p, b = t.passenger, t.bookings
    return p.filter((b.passenger_id == p.id).any()).select("id")


def q_subquery_not_exists_correlated(t):
    p, r = t.passenger, t.ratings
    return p.filter(~(r.passenger_id == p.id).any()).select("id")


def q_subquery_derived_table(t):
    tp = t.ticket_prices
    inner = tp.group_by("travel_class").aggregate(avg=tp.total_price.mean())
    return inner.filter(inner.avg > 0).select("travel_class", doubled=inner.avg * 2)


def q_subquery_nested_three(t):
    b = t.bookings
    a = b.group_by("passenger_id").aggregate(n=b.count())
    c = a.group_by("n").aggregate(passengers=a.count())
    return c.filter(c.passengers > 1)


def q_subquery_filter_on_aggregate_of_join(t):
    d, fi = t.delays, t.flight_instances
    j = d.join(fi, d.flight_instance_id == fi.id)
    per_segment = j.group_by("segment_id").aggregate(total=j.delay_minutes.sum())
    return per_segment.filter(per_segment.total > per_segment.total.mean())


def q_cte_reused(t):
    d = t.delays
    agg = d.group_by("reason").aggregate(n=d.count())
    other = agg.view()
    return agg.join(other, agg.n < other.n).select(agg.reason)


# -- whole-workflow queries -----------------------------------------------------------------------


@ordered
def q_revenue_per_route(t):
    s, fi, b, tp = t.segments, t.flight_instances, t.bookings, t.ticket_prices
    j = b.join(tp, b.id == tp.booking_id).join(fi, b.flight_instance_id == fi.id)
    per_segment = j.group_by(fi.segment_id).aggregate(revenue=j.total_price.sum(), n=j.count())
    return (
        per_segment.join(s, per_segment.segment_id == s.id)
        .select("segment_id", "distance", "revenue", "n")
        .order_by([ibis.desc("revenue"), "segment_id"])
        .limit(10)
    )


def q_loyalty_miles_by_tier(t):
    le, p = t.loyalty_earnings, t.passenger
    j = le.join(p, le.passenger_id == p.id)
    return j.group_by("loyalty_tier").aggregate(
        miles=j.miles_earned.sum(), members=j.passenger_id.nunique()
    )


def q_delay_share_by_reason(t):
    d = t.delays
    per = d.group_by("reason").aggregate(minutes=d.delay_minutes.sum())
    return per.mutate(share=per.minutes / per.minutes.sum())


def q_aircraft_utilization(t):
    a, at, fi, cf = t.aircraft, t.aircraft_types, t.flight_instances, t.cargo_flights
    flights = fi.select("aircraft_id").union(cf.select("aircraft_id"))
    per_aircraft = flights.group_by("aircraft_id").aggregate(n=flights.count())
    j = per_aircraft.join(a, per_aircraft.aircraft_id == a.id).join(at, a.aircraft_type_id == at.id)
    return j.group_by(type=j.name).aggregate(flights=j.n.sum(), aircraft=j.count())


def q_ratings_summary(t):
    r = t.ratings
    return r.group_by(month=r.rated_at.month()).aggregate(
        avg=r.rating.mean(), low=(r.rating <= 2).sum(), n=r.count()
    )


def q_cancellation_rate_per_month(t):
    fi, c = t.flight_instances, t.cancellations
    j = fi.left_join(c, fi.id == c.flight_instance_id)
    return j.group_by(month=j.departure_date.month()).aggregate(
        flights=j.count(), cancelled=j.cancellation_reason.count()
    )


@ordered
def q_top_passengers_by_spend(t):
    b, tp, p = t.bookings, t.ticket_prices, t.passenger
    spend = (
        b.join(tp, b.id == tp.booking_id)
        .group_by(b.passenger_id)
        .aggregate(spend=tp.total_price.sum())
    )
    return (
        spend.join(p, spend.passenger_id == p.id)
        .select("passenger_id", "last_name", "spend")
        .order_by([ibis.desc("spend"), "passenger_id"])
        .limit(5)
    )


def q_cargo_revenue_by_country(t):
    cs, cc, co = t.cargo_shipments, t.cargo_clients, t.countries
    countries = co.group_by("id").aggregate(name=co.name.min())
    shipped = cs.join(cc, cs.client_id == cc.id).select(cs.revenue, cs.weight_kg, cc.country_id)
    j = shipped.join(countries, shipped.country_id == countries.id)
    return j.group_by(country=j.name).aggregate(revenue=j.revenue.sum(), kg=j.weight_kg.sum())


def q_passenger_home_city_flights(t):
    p, c, b = t.passenger, t.cities, t.bookings
    booked = b.join(p, b.passenger_id == p.id).select(b.passenger_id, p.domicile_city_id)
    j = booked.join(c, booked.domicile_city_id == c.id)
    return j.group_by("state").aggregate(bookings=j.count(), passengers=j.passenger_id.nunique())


def q_unnest(t):
    return t.cities.select("id", part=t.cities.airport.split(" ").unnest())


def q_pivot_longer(t):
    tp = t.ticket_prices.select("booking_id", "base_price", "taxes")
    return tp.pivot_longer(["base_price", "taxes"], names_to="kind", values_to="amount")


#: Every query of the corpus, by name, in source order.
QUERIES: dict[str, Query] = {
    name: value for name, value in dict(globals()).items() if name.startswith("q_")
}

#: Queries the Mill compiler rejects at compile time, with the reason; they are asserted to
#: raise one of :data:`COMPILE_REJECTIONS` before any SQL is sent.
UNSUPPORTED: dict[str, str] = {
    "q_group_concat": "LISTAGG/STRING_AGG: no isthmus mapping",
    "q_collect": "arrays cannot be returned by Mill",
    "q_sample": "TABLESAMPLE: no Substrait conversion",
    "q_join_asof": "Calcite has no ASOF join",
    "q_string_strip": "TRIM fails at the Substrait step",
    "q_string_find": "POSITION fails at the Substrait step",
    "q_string_regex_search": "no regex operators in Calcite's standard table",
    "q_string_regex_replace": "no regex operators in Calcite's standard table",
    "q_string_reverse": "REVERSE is not in Calcite's standard table",
    "q_string_split": "arrays cannot be returned by Mill",
    "q_numeric_bitwise": "bitwise operators cannot be mapped",
    "q_date_difference": "intervals cannot be returned by Mill",
    "q_timestamp_add_compound_interval": "interval arithmetic (IntervalAdd) is not supported",
    "q_try_cast": "TRY_CAST/SAFE_CAST are not available",
    "q_unnest": "UNNEST cannot be converted by isthmus",
    "q_pivot_longer": "structs and arrays cannot be returned by Mill",
}
