"""ibis expressions compiled by the golden-SQL tests, over two unbound tables.

Each case is a function of the two tables returning an expression; ``DIFFERENTIAL`` lists the
cases whose result is deterministic, so the DuckDB check can compare them with ibis's own DuckDB
backend.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable

import ibis
import ibis.expr.types as ir

ORDERS_SCHEMA = {
    "id": "int64",
    "customer_id": "int64",
    "status": "string",
    "amount": "float64",
    "quantity": "int32",
    "paid": "boolean",
    "order_date": "date",
    "created_at": "timestamp(3)",
    "ship_time": "time",
    "price": "decimal(10, 2)",
}
CUSTOMERS_SCHEMA = {"id": "int64", "name": "string", "city": "string"}

orders = ibis.table(ORDERS_SCHEMA, name="orders", database="shop")
customers = ibis.table(CUSTOMERS_SCHEMA, name="customers", database="shop")

Case = Callable[[ir.Table, ir.Table], ir.Expr]
CASES: dict[str, Case] = {}
#: Cases whose values do not depend on row order or on the clock.
DIFFERENTIAL: set[str] = set()


def case(*, differential: bool = True) -> Callable[[Case], Case]:
    def register(build: Case) -> Case:
        CASES[build.__name__] = build
        if differential:
            DIFFERENTIAL.add(build.__name__)
        return build

    return register


# Filters and projections


@case()
def filter_comparisons(o, c):
    return o.filter(o.amount > 10.5, o.status == "open", o.quantity != 3, o.paid).select(
        "id", "status"
    )


@case()
def filter_membership_and_nulls(o, c):
    return o.filter(
        o.status.isin(["open", "shipped"]),
        o.amount.between(1, 100),
        o.customer_id.notnull(),
        ~o.paid,
    ).select("id")


@case()
def filter_patterns(o, c):
    return o.filter(
        o.status.like("o%") | o.status.ilike("SHIP%") | o.status.contains("nce"),
        o.status.startswith("o") | o.status.endswith("ed"),
    ).select("id")


@case()
def project_arithmetic(o, c):
    return o.select(
        "id",
        doubled=o.amount * 2,
        ratio=o.quantity / 2,
        halves=o.quantity // 2,
        rest=o.quantity % 3,
        negated=-o.amount,
        squared=o.amount**2,
        total=o.price * o.quantity,
    )


@case()
def project_math(o, c):
    x = o.amount
    return o.select(
        "id",
        root=x.sqrt(),
        natural=x.ln(),
        log10=x.log10(),
        log2=x.log2(),
        log3=x.log(3),
        exp=(x / 100).exp(),
        rounded=x.round(),
        rounded2=x.round(2),
        ceil=x.ceil(),
        floor=x.floor(),
        sign=x.sign(),
        absolute=x.abs(),
        sine=x.sin(),
        arc=(x / 1000).acos(),
        arc2=x.atan2(o.quantity),
        cot=x.cot(),
        degrees=x.degrees(),
        radians=x.radians(),
        pi=ibis.pi,
        e=ibis.e,
        clipped=x.clip(lower=5, upper=50),
        greatest=ibis.greatest(x, o.quantity, 10),
        least=ibis.least(o.status, "m"),
        infinite=x.isinf(),
        nan=x.isnan(),
    )


# Aggregates


@case()
def aggregate_basic(o, c):
    return o.aggregate(
        n=o.count(),
        n_paid=o.count(where=o.paid),
        n_amount=o.amount.count(),
        total=o.amount.sum(),
        paid_total=o.amount.sum(where=o.paid),
        mean=o.amount.mean(),
        mean_quantity=o.quantity.mean(),
        smallest=o.amount.min(),
        largest=o.amount.max(),
        statuses=o.status.nunique(),
        paid_statuses=o.status.nunique(where=o.paid),
        approx=o.status.approx_nunique(),
    )


@case()
def aggregate_boolean(o, c):
    return o.aggregate(
        all_paid=o.paid.all(),
        any_paid=o.paid.any(),
        paid_count=o.paid.sum(),
        paid_share=o.paid.mean(),
    )


@case()
def aggregate_statistics(o, c):
    return o.aggregate(
        variance=o.amount.var(),
        variance_pop=o.amount.var(how="pop"),
        deviation=o.amount.std(),
        deviation_pop=o.amount.std(how="pop"),
        covariance=o.amount.cov(o.quantity),
        correlation=o.amount.corr(o.quantity, how="pop"),
        kurtosis=o.amount.kurtosis(),
        kurtosis_pop=o.amount.kurtosis(how="pop"),
    )


@case(differential=False)
def aggregate_arbitrary(o, c):
    return o.group_by("status").aggregate(any_amount=o.amount.arbitrary())


@case()
def aggregate_order_sensitive(o, c):
    return o.group_by("status").aggregate(
        first_amount=o.amount.first(order_by=o.id),
        last_paid_amount=o.amount.last(order_by=o.id, where=o.paid),
        # DuckDB's arg_min/arg_max pick a row whose key is NULL when no key is non-NULL (the
        # "cancelled" group); Mill's rewrite gives NULL. Filtering makes both NULL.
        cheapest=o.id.argmin(o.amount, where=o.amount.notnull()),
        dearest=o.id.argmax(o.amount, where=o.amount.notnull()),
    )


@case()
def group_by_having(o, c):
    return (
        o.group_by("status")
        .aggregate(n=o.count(), total=o.amount.sum())
        .filter(lambda r: r.n > 1)
        .order_by(ibis.desc("n"), "status")
    )


@case()
def group_by_expression(o, c):
    return o.group_by(upper_status=o.status.upper(), year=o.order_date.year()).aggregate(
        n=o.count()
    )


@case()
def distinct(o, c):
    return o.select("status").distinct()


@case()
def distinct_order_by(o, c):
    return o.select("status", "paid").distinct().order_by("status", "paid")


# Joins and set operations


@case()
def join_inner(o, c):
    return o.join(c, o.customer_id == c.id).select(o.id, c.name)


@case()
def join_left(o, c):
    return o.left_join(c, o.customer_id == c.id).select(o.id, c.name)


@case()
def join_right(o, c):
    return o.right_join(c, o.customer_id == c.id).select(o.amount, c.name)


@case()
def join_outer(o, c):
    return o.outer_join(c, o.customer_id == c.id).select(o.amount, c.name)


@case()
def join_cross(o, c):
    return o.select("id").cross_join(c.select(city="city"))


@case()
def join_semi(o, c):
    return c.semi_join(o, c.id == o.customer_id).select("name")


@case()
def join_anti(o, c):
    return c.anti_join(o, c.id == o.customer_id).select("name")


@case()
def join_self(o, c):
    earlier = o.view()
    return o.join(earlier, (o.customer_id == earlier.customer_id) & (o.id > earlier.id)).select(
        later=o.id, earlier=earlier.id
    )


@case()
def union_all(o, c):
    return o.select(key="customer_id").union(c.select(key="id"))


@case()
def union_distinct(o, c):
    return o.select(key="customer_id").union(c.select(key="id"), distinct=True)


@case()
def intersect(o, c):
    return o.select(key="customer_id").intersect(c.select(key="id"))


@case()
def difference(o, c):
    return c.select(key="id").difference(o.select(key="customer_id"))


# Ordering and paging


@case()
def order_by_nulls(o, c):
    return o.select("id", "amount", "status").order_by(
        ibis.desc("amount"), ibis.asc("status", nulls_first=True), "id"
    )


@case()
def limit_offset(o, c):
    return o.order_by("id").limit(3, offset=2)


@case()
def limit_computed(o, c):
    # The last two orders by id, and the orders but the first and the last.
    last_two = o.order_by("id")[-2:].select("id", "status")
    middle = o.order_by("id")[1:-1].select("id", "status")
    return last_two.union(middle).order_by("id")


# Windows


@case()
def window_ranking(o, c):
    by_amount = ibis.window(group_by=o.status, order_by=o.amount)
    return o.select(
        "id",
        row=ibis.row_number().over(by_amount),
        rank=o.amount.rank().over(by_amount),
        dense=o.amount.dense_rank().over(by_amount),
        percent=o.amount.percent_rank().over(by_amount),
        cumulative=o.amount.cume_dist().over(by_amount),
        tile=o.amount.ntile(2).over(by_amount),
    )


@case()
def window_lag_lead(o, c):
    by_id = ibis.window(order_by=o.id)
    return o.select(
        "id",
        previous=o.amount.lag().over(by_id),
        next2=o.amount.lead(2, 0.0).over(by_id),
    )


@case()
def window_frames(o, c):
    return o.select(
        "id",
        running=o.amount.cumsum(order_by=o.id),
        moving=o.amount.mean().over(ibis.window(order_by=o.id, preceding=1, following=1)),
        group_total=o.amount.sum().over(group_by=o.status),
        first=o.amount.first().over(ibis.window(group_by=o.status, order_by=o.id)),
        last=o.amount.last().over(ibis.window(group_by=o.status, order_by=o.id)),
        second=o.amount.nth(1).over(ibis.window(group_by=o.status, order_by=o.id)),
    )


@case()
def window_rewritten_aggregates(o, c):
    return o.select(
        "id",
        spread=o.amount.var().over(group_by=o.status),
        all_paid=o.paid.all().over(group_by=o.status),
    )


# Strings


@case()
def string_functions(o, c):
    s = o.status
    return o.select(
        "id",
        length=s.length(),
        upper=s.upper(),
        lower=s.lower(),
        head=s.substr(0, 2),
        tail=s.substr(-3),
        middle=s[1:3],
        replaced=s.replace("o", "0"),
        right=s.right(2),
        capitalized=s.capitalize(),
        padded_left=s.lpad(8, "*"),
        padded_right=s.rpad(8),
        repeated=s.repeat(2),
    )


@case()
def string_concat(o, c):
    return o.select(
        "id",
        label=o.status + "-" + o.id.cast("string"),
        joined=ibis.literal(", ").join([o.status, o.order_date.cast("string")]),
        prefix_match=o.status.startswith(o.status.substr(0, 1)),
        suffix_match=o.status.endswith(o.status.right(1)),
    )


# Dates and times


@case()
def temporal_extract(o, c):
    ts = o.created_at
    return o.select(
        "id",
        year=ts.year(),
        quarter=ts.quarter(),
        month=ts.month(),
        day=ts.day(),
        day_of_year=ts.day_of_year(),
        week=ts.week_of_year(),
        hour=ts.hour(),
        minute=ts.minute(),
        second=ts.second(),
        millisecond=ts.millisecond(),
        weekday=ts.day_of_week.index(),
        weekday_name=ts.day_of_week.full_name(),
        iso_year=o.order_date.iso_year(),
    )


@case(differential=False)
def temporal_epoch(o, c):
    # Calcite's EXTRACT(EPOCH ...) is whole seconds; DuckDB's keeps the fraction.
    return o.select("id", epoch=o.created_at.epoch_seconds())


@case()
def temporal_truncate(o, c):
    ts = o.created_at
    d = o.order_date
    return o.select(
        "id",
        year=ts.truncate("Y"),
        quarter=ts.truncate("Q"),
        month=ts.truncate("M"),
        week=ts.truncate("W"),
        day=ts.truncate("D"),
        hour=ts.truncate("h"),
        minute=ts.truncate("m"),
        second=ts.truncate("s"),
        date_year=d.truncate("Y"),
        date_month=d.truncate("M"),
        date_week=d.truncate("W"),
    )


@case(differential=False)
def temporal_truncate_time(o, c):
    # ibis's DuckDB backend cannot truncate TIME values; see test_duckdb_values.
    return o.select("id", hour=o.ship_time.truncate("h"), minute=o.ship_time.truncate("m"))


@case()
def temporal_arithmetic(o, c):
    ts = o.created_at
    return o.select(
        "id",
        later=ts + ibis.interval(days=3),
        earlier=ts - ibis.interval(hours=5),
        next_month=o.order_date + ibis.interval(months=1),
        next_week=o.order_date + ibis.interval(weeks=1),
        by_quantity=o.order_date + o.quantity.as_interval("D"),
        shifted=ts + ibis.interval(milliseconds=250),
        ship_later=o.ship_time + ibis.interval(minutes=30),
    )


@case()
def temporal_delta(o, c):
    ts = o.created_at
    start = ibis.timestamp("2024-01-01 12:30:00")
    return o.select(
        "id",
        days=o.order_date.delta(ibis.date("2024-01-01"), unit="day"),
        months=o.order_date.delta(ibis.date("2023-11-15"), unit="month"),
        years=ts.delta(start, unit="year"),
        hours=ts.delta(start, unit="hour"),
        minutes=ts.delta(start, unit="minute"),
        seconds=ts.delta(start, unit="second"),
        weeks=o.order_date.delta(ibis.date("2024-01-01"), unit="week"),
    )


@case()
def temporal_construct(o, c):
    return o.select(
        "id",
        date=ibis.date(o.order_date.year(), 12, 31),
        time=ibis.time(o.quantity, 30, 0),
        timestamp=ibis.timestamp(2024, o.order_date.month(), 1, 8, 0, 0),
        from_seconds=o.customer_id.as_timestamp("s"),
        from_millis=(o.customer_id * 1000).as_timestamp("ms"),
        from_fractional_seconds=o.amount.cast("timestamp"),
        as_date=o.created_at.date(),
        as_time=o.created_at.time(),
    )


@case()
def temporal_bucket(o, c):
    ts = o.created_at
    return o.select(
        "id",
        hour=ts.bucket(hours=1),
        quarter_hour_from_5=ts.bucket(ibis.interval(minutes=15), offset=ibis.interval(minutes=5)),
        two_days=ts.bucket(days=2),
        tenth_second=ts.bucket(milliseconds=100),
    )


@case(differential=False)  # ibis's DuckDB backend has no as_timestamp("us")
def temporal_from_micros(o, c):
    return o.select("id", at=(o.customer_id * -1_000_001).as_timestamp("us"))


@case()
def temporal_format_and_parse(o, c):
    return o.select(
        "id",
        formatted=o.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        european=o.order_date.strftime("%d/%m/%Y"),
        parsed_date=o.order_date.cast("string").as_date("%Y-%m-%d"),
        parsed_timestamp=o.created_at.strftime("%Y-%m-%d %H:%M:%S").as_timestamp(
            "%Y-%m-%d %H:%M:%S"
        ),
    )


# Casts, conditionals, NULLs and literals


@case()
def casts(o, c):
    return o.select(
        "id",
        as_int=o.amount.cast("int64"),
        as_text=o.quantity.cast("string"),
        as_real=o.amount.cast("float32"),
        as_decimal=o.amount.cast("decimal(12, 2)"),
        wide_decimal=o.quantity.cast("decimal(38, 9)"),
        flag_number=o.paid.cast("int32"),
        number_flag=o.quantity.cast("boolean"),
        text_date=o.order_date.cast("string").cast("date"),
        day=o.created_at.cast("date"),
    )


@case()
def case_when(o, c):
    return o.select(
        "id",
        size=ibis.cases((o.amount > 50, "large"), (o.amount > 10, "medium"), else_="small"),
        flag=ibis.ifelse(o.paid, "paid", "due"),
        code=o.status.cases(("open", 1), ("shipped", 2), else_=0),
        maybe=ibis.cases((o.amount > 50, o.status)),
    )


@case()
def case_boolean_results(o, c):
    # Calcite turns a CASE of booleans into IS TRUE calls that isthmus cannot convert.
    return o.select(
        "id",
        paid_if_open=ibis.ifelse(o.status == "open", o.paid, None),
        paid_or_due=(o.quantity > 2).ifelse(o.paid, ~o.paid),
        paid_by_status=o.status.cases(("open", o.paid), ("shipped", True), else_=False),
        unpaid_as_null=o.paid.nullif(False),
    )


@case()
def aggregate_quantiles_and_mode(o, c):
    return o.group_by("paid").aggregate(
        median=o.amount.median(),
        upper_quartile=o.quantity.quantile(0.75, where=o.status.notnull()),
        middle_day=o.order_date.quantile(0.5),
        usual_status=o.status.mode(),
    )


@case()
def aggregate_filtered_booleans(o, c):
    open_orders = o.status == "open"
    return o.aggregate(
        known=o.paid.count(where=open_orders),
        kinds=o.paid.nunique(where=open_orders),
    )


@case()
def null_handling(o, c):
    return o.select(
        "id",
        status=o.status.fill_null("unknown"),
        first_known=ibis.coalesce(o.amount, o.quantity, 0),
        missing=o.amount.isnull(),
        present=o.amount.notnull(),
        zero_as_null=o.quantity.nullif(0),
        same=o.customer_id.identical_to(o.quantity),
        different=o.paid ^ o.amount.isnull(),
    )


@case()
def null_table_operations(o, c):
    return o.drop_null(["customer_id", "amount"]).fill_null({"status": "none"})


@case()
def literals(o, c):
    return o.select(
        "id",
        day=ibis.literal(datetime.date(2024, 3, 1)),
        instant=ibis.literal(datetime.datetime(2024, 3, 1, 13, 45, 0, 123000)),
        clock=ibis.literal(datetime.time(13, 45)),
        blob=ibis.literal(b"\x0a\xff"),
        exact=ibis.literal(decimal.Decimal("12.50")),
        approx=ibis.literal(1.5),
        quoted=ibis.literal("it's"),
        yes=ibis.literal(True),
        nothing=ibis.null().cast("string"),
        not_a_number=ibis.literal(float("nan")),
        infinity=ibis.literal(float("inf")),
    )


@case()
def memtable_inline(o, c):
    regions = ibis.memtable(
        {"city": ["Basel", "Bern", None], "region": ["north", "centre", "none"]},
        schema={"city": "string", "region": "string"},
    )
    return c.join(regions, "city").select(c.name, regions.region)


@case(differential=False)  # ibis's DuckDB backend cannot convert 0.1 to decimal(5, 2)
def memtable_decimals_from_numbers(o, c):
    # Cells of a decimal column given as ints and floats are spelled as decimals.
    return ibis.memtable({"price": [1, 0.1, 2.25]}, schema={"price": "decimal(5, 2)"})


@case()
def memtable_empty(o, c):
    return ibis.memtable({"id": []}, schema={"id": "int64", "label": "string"})


# Subqueries


@case()
def subquery_in(o, c):
    return c.filter(c.id.isin(o.filter(o.paid).customer_id)).select("name")


@case()
def subquery_exists(o, c):
    return c.filter((o.customer_id == c.id).any()).select("name")


@case()
def subquery_scalar(o, c):
    return o.filter(o.amount > o.amount.mean().as_scalar()).select("id")


@case(differential=False)
def now_and_today(o, c):
    return o.select("id", now=ibis.now(), today=ibis.today())
