"""Remote skymill tables (Parquet behind a Mill server) queried with local CSV and Excel copies.

Every query reads at least one Mill table (``t.r``) and one local table (``t.csv`` from the
``;`` separated CSV files, ``t.xlsx`` from the Excel workbooks). The same query run whole on
``ibis.duckdb`` over the Parquet files (where ``t.r``, ``t.csv`` and ``t.xlsx`` are all the
Parquet tables) gives the expected result: same schema, same rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace

import ibis
import ibis.expr.types as ir
import pytest
from ibis import _

from mill_client.server import MillServer

from .compare import assert_same_result

Query = Callable[[SimpleNamespace], ir.Table]

QUERIES: list[Query] = []
ORDERED: set[str] = set()


def query(function: Query) -> Query:
    """Add ``function`` to the corpus."""
    QUERIES.append(function)
    return function


def ordered(function: Query) -> Query:
    """Add ``function`` to the corpus; its row order is part of the answer."""
    ORDERED.add(function.__name__)
    return query(function)


class Tables:
    """Attribute access to the tables of one database: ``Tables(con, db).bookings``."""

    def __init__(self, con: ibis.BaseBackend, database: str | None) -> None:
        self._con = con
        self._database = database

    def __getattr__(self, name: str) -> ir.Table:
        return self._con.table(name, database=self._database)


def mill_tables(con: ibis.BaseBackend) -> SimpleNamespace:
    return SimpleNamespace(
        r=Tables(con, "skymill"), csv=Tables(con, "sky_csv"), xlsx=Tables(con, "sky_xlsx")
    )


def reference_tables(con: ibis.BaseBackend) -> SimpleNamespace:
    tables = Tables(con, None)
    return SimpleNamespace(r=tables, csv=tables, xlsx=tables)


# -- joins, both directions -------------------------------------------------------------------


@query
def bookings_per_loyalty_tier(t):
    b, p = t.r.bookings, t.csv.passenger
    joined = b.join(p, b.passenger_id == p.id)
    return joined.group_by(p.loyalty_tier).agg(bookings=_.count(), passengers=p.id.nunique())


@query
def local_cities_with_remote_segments(t):
    c, s = t.csv.cities, t.r.segments
    return (
        c.join(s, c.id == s.origin)
        .filter(s.distance > 1500)
        .select(c.city, s.distance, segment=s.id)
    )


@query
def filters_on_both_sides(t):
    f, s = t.r.flight_instances, t.csv.segments
    march = f.filter(f.departure_date >= datetime.date(2026, 3, 1))
    long = s.filter(s.distance > 1000)
    return march.join(long, march.segment_id == long.id).group_by(long.id).agg(flights=_.count())


@query
def excel_aircraft_with_remote_flights(t):
    a, f, k = t.xlsx.aircraft, t.r.flight_instances, t.xlsx.aircraft_types
    joined = a.join(f, a.id == f.aircraft_id, rname="{name}_flight").join(
        k, a.aircraft_type_id == k.id, rname="{name}_type"
    )
    return joined.group_by(k.name).agg(flights=_.count(), aircraft=a.id.nunique())


@query
def local_then_two_remote_tables(t):
    p, b, tp = t.csv.passenger, t.r.bookings, t.r.ticket_prices
    joined = p.join(b, p.id == b.passenger_id, rname="{name}_booking").join(
        tp, b.id == tp.booking_id
    )
    return joined.group_by(tp.travel_class, p.loyalty_tier).agg(
        average=tp.total_price.mean(), n=_.count()
    )


@query
def remote_join_pushed_whole(t):
    b, f, s = t.r.bookings, t.r.flight_instances, t.csv.segments
    joined = b.join(f, b.flight_instance_id == f.id, rname="{name}_flight").join(
        s, f.segment_id == s.id, rname="{name}_segment"
    )
    return joined.group_by(band=(s.distance // 500) * 500).agg(bookings=_.count())


@query
def same_local_table_twice(t):
    s, c = t.r.segments, t.csv.cities
    d = c.view()
    joined = s.join(c, s.origin == c.id, rname="{name}_origin").join(
        d, s.destination == d.id, rname="{name}_destination"
    )
    return joined.select(s.id, origin=c.city, destination=d.city, distance=s.distance)


@query
def left_join_local_to_remote_aggregate(t):
    a = t.xlsx.aircraft
    flights = t.r.flight_instances.group_by("aircraft_id").agg(flights=_.count())
    joined = a.left_join(flights, a.id == flights.aircraft_id)
    return joined.select(a.id, a.aircraft_code, flights=joined.flights.fill_null(0))


# -- aggregates -------------------------------------------------------------------------------


@ordered
def top_passengers_by_bookings(t):
    counts = t.r.bookings.group_by("passenger_id").agg(n=_.count())
    p = t.csv.passenger
    joined = counts.join(p, counts.passenger_id == p.id)
    return joined.select(p.id, p.last_name, counts.n).order_by([ibis.desc("n"), "id"]).limit(10)


@query
def revenue_per_country_above_threshold(t):
    sh, cl = t.r.cargo_shipments, t.xlsx.cargo_clients
    joined = sh.join(cl, sh.client_id == cl.id)
    totals = joined.group_by(cl.country_id).agg(revenue=sh.revenue.sum(), shipments=_.count())
    return totals.filter(totals.revenue > 100_000)


@query
def older_than_the_remote_average(t):
    p, remote = t.csv.passenger, t.r.passenger
    return p.filter(p.age > remote.age.mean()).select("id", "age")


# -- semi and anti joins ----------------------------------------------------------------------


@query
def passengers_with_a_top_rating(t):
    p, r = t.csv.passenger, t.r.ratings
    return p.semi_join(r.filter(r.rating == 5), p.id == r.passenger_id).select("id", "first_name")


@query
def aircraft_without_early_flights(t):
    a, f = t.xlsx.aircraft, t.r.flight_instances
    early = f.filter(f.departure_date < datetime.date(2026, 1, 8))
    return a.anti_join(early, a.id == early.aircraft_id).select("id", "aircraft_code")


@query
def shipments_of_some_cargo_types(t):
    sh, ct = t.r.cargo_shipments, t.xlsx.cargo_types
    chosen = sh.semi_join(ct.filter(ct.id <= 2), sh.cargo_type_id == ct.id)
    return chosen.group_by("cargo_type_id").agg(n=_.count(), revenue=_.revenue.sum())


@query
def cities_that_start_long_routes(t):
    c, s = t.csv.cities, t.r.segments
    return c.filter(c.id.isin(s.filter(s.distance > 2000).origin)).select("id", "city")


# -- set operations ---------------------------------------------------------------------------


@query
def countries_from_both_sides(t):
    remote = t.r.countries.filter(_.id < 150).select("iso_code", "name")
    local = t.xlsx.countries.filter(_.id >= 100).select("iso_code", "name")
    return remote.union(local)


@query
def aircraft_types_union_all(t):
    both = t.r.aircraft_types.select("name").union(
        t.csv.aircraft_types.select("name"), distinct=False
    )
    return both.group_by("name").agg(n=_.count())


# -- windows, limits, distinct ----------------------------------------------------------------


@query
def first_bookings_per_tier(t):
    b, p = t.r.bookings, t.csv.passenger
    joined = b.join(p, b.passenger_id == p.id).select(booking=b.id, tier=p.loyalty_tier)
    ranked = joined.mutate(rank=ibis.row_number().over(group_by="tier", order_by="booking"))
    return ranked.filter(ranked.rank < 3)


@ordered
def first_bookings_with_names(t):
    b, p = t.r.bookings, t.csv.passenger
    joined = b.join(p, b.passenger_id == p.id)
    return joined.select(b.id, b.seat_number, p.last_name).order_by("id").limit(15)


@query
def remote_limit_joined_locally(t):
    first = t.r.bookings.order_by("id").limit(30)
    p = t.csv.passenger
    return first.join(p, first.passenger_id == p.id).select(first.id, p.loyalty_tier)


@query
def distinct_origins_flown(t):
    f, s = t.r.flight_instances, t.csv.segments
    return f.join(s, f.segment_id == s.id).select(s.origin).distinct()


@query
def price_bands(t):
    tp, b = t.r.ticket_prices, t.csv.bookings
    joined = tp.join(b, tp.booking_id == b.id)
    band = ibis.cases((tp.total_price < 300, "low"), (tp.total_price < 800, "mid"), else_="high")
    return joined.group_by(band=band, currency=tp.currency).agg(n=_.count())


@pytest.mark.parametrize("q", QUERIES, ids=[q.__name__ for q in QUERIES])
def test_side_by_side_equals_duckdb(q: Query, skymill, skymill_reference) -> None:
    expr = q(mill_tables(skymill))
    plan = skymill.plan(expr)
    assert plan.kind == "side-by-side"
    assert plan.remote and plan.local_tables
    expected = q(reference_tables(skymill_reference))
    assert_same_result(expr, expected, ordered=q.__name__ in ORDERED)


def test_corpus_size() -> None:
    assert len(QUERIES) >= 15


def test_remote_prefix_of_a_join_runs_as_one_remote_query(skymill) -> None:
    plan = skymill.plan(remote_join_pushed_whole(mill_tables(skymill)))
    (fragment,) = plan.remote
    assert fragment.tables == ("skymill.bookings", "skymill.flight_instances")
    assert plan.local_tables == ("sky_csv.segments",)


def long_routes(t: SimpleNamespace) -> ir.Table:
    s, c = t.r.segments, t.csv.cities
    return s.filter(s.distance > 2000).join(c, s.origin == c.id).select(c.city, s.distance)


def test_pushed_filter_and_columns_reach_the_server(
    skymill, skymill_server: MillServer, skymill_reference
) -> None:
    expr = long_routes(mill_tables(skymill))
    before = len(skymill_server.received_sql)
    assert_same_result(expr, long_routes(reference_tables(skymill_reference)))
    assert skymill_server.received_sql[before:] == [
        (
            "SELECT `t0`.`origin`, `t0`.`distance` FROM `skymill`.`segments` AS `t0` "
            "WHERE `t0`.`distance` > 2000"
        )
    ]
