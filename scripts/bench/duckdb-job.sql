-- The county's year-end distribution in DuckDB, as a data analyst would write it (issue 14): read
-- every file, group labor / land / shares per household, wages, land rent, guaranteed dividend, the
-- surplus and its entries, the members' pool split over the bases and the households by largest
-- remainder, one payouts CSV. Everything but floors (兜底), 大写, the other sheets and the checks.
--
-- Money is whole fen in BIGINT / HUGEINT, never DOUBLE. Scales: days ×100, area ×10⁴, rates in fen,
-- units_per_mu and weights ×10⁴, time-weighted share units U = units × 10⁸ × 12 (so that
-- area × units_per_mu × months and units × months are both whole).
--
-- The placeholders {{…}} are filled in by scripts/bench/duckdb-job.mjs from the shape: the file
-- sources (each a SELECT that names the shape's headers AS the fields below), the rules as VALUES
-- lists, the thread count and the output path. Each statement ends with ';' at the end of a line;
-- a '-- step: NAME' line names the statements after it in the timings.

-- step: setup
SET threads = {{threads}};
SET preserve_insertion_order = true;
CREATE MACRO fen(x) AS CAST(CAST(replace(replace(replace(trim(x), ',', ''), '¥', ''), '￥', '') AS DECIMAL(18, 2)) * 100 AS BIGINT);
CREATE MACRO scaled4(x) AS CAST(CAST(x AS DECIMAL(18, 4)) * 10000 AS BIGINT);
CREATE MACRO yuan(f) AS CAST(f AS DECIMAL(18, 0)) * CAST(0.01 AS DECIMAL(3, 2));
CREATE TABLE job_rate (job VARCHAR, fen BIGINT);
INSERT INTO job_rate VALUES {{job_rates}};
CREATE TABLE land_rate (land_type VARCHAR, rent_fen BIGINT, upm_e4 BIGINT);
INSERT INTO land_rate VALUES {{land_rates}};
CREATE TABLE share_class (class VARCHAR, gpu_fen BIGINT, weight_e4 BIGINT);
INSERT INTO share_class VALUES {{classes}};
CREATE TABLE fixed_entry (pos INTEGER, name VARCHAR, fen BIGINT);
INSERT INTO fixed_entry VALUES {{fixed}};
CREATE TABLE share_entry (pos INTEGER, name VARCHAR, pct_e4 BIGINT);
INSERT INTO share_entry VALUES {{entries}};
CREATE TABLE basis_rule (pos INTEGER, basis VARCHAR, pct_e4 BIGINT);
INSERT INTO basis_rule VALUES {{bases}};

-- step: households
-- File order is the order of the split's ties and of the output: insertion order is kept, so rowid is the line's rank.
CREATE TABLE hh0 AS SELECT * FROM {{households}};
CREATE TABLE hh AS SELECT rowid AS ord, * FROM hh0;

-- step: labor
CREATE TABLE lab AS
SELECT household_id, coalesce(job, '') AS job, sum(CAST(CAST(days AS DECIMAL(9, 2)) * 100 AS BIGINT)) AS days_c
FROM {{labor}}
GROUP BY ALL;
CREATE TABLE lab_h AS
SELECT household_id, sum(days_c) AS days_c, sum(CAST(days_c AS HUGEINT) * r.fen) AS wage_x100
FROM lab JOIN job_rate r USING (job)
GROUP BY household_id;

-- step: land
CREATE TABLE land AS
SELECT household_id, land_type, arrangement, scaled4(area_mu) AS area_e4, coalesce(CAST(months AS INTEGER), 12) AS months
FROM {{land}};
CREATE TABLE rent_h AS
SELECT household_id, sum(CAST(area_e4 AS HUGEINT) * r.rent_fen * months) AS rent_x
FROM land JOIN land_rate r USING (land_type)
WHERE arrangement IN ('rent', '流转', '出租')
GROUP BY household_id;

-- step: shares
CREATE TABLE units_c AS
SELECT household_id, 'land' AS class, sum(CAST(area_e4 AS HUGEINT) * r.upm_e4 * months) AS u
FROM land JOIN land_rate r USING (land_type)
WHERE arrangement IN ('shares', '入股')
GROUP BY household_id
UNION ALL
SELECT household_id, class, sum(CAST(scaled4(units) AS HUGEINT) * 10000 * coalesce(CAST(months AS INTEGER), 12)) AS u
FROM {{shares}}
GROUP BY ALL;
CREATE TABLE units_h AS
SELECT household_id, sum(u) AS u, sum(u * c.gpu_fen) AS g_x, sum(u * c.weight_e4) AS w
FROM units_c JOIN share_class c USING (class)
GROUP BY household_id;

-- step: deductions
CREATE TABLE ded_h AS SELECT household_id, sum(fen(amount)) AS fen FROM {{deductions}} GROUP BY household_id;

-- step: per household
CREATE TABLE per AS
SELECT hh.ord, hh.household_id, hh.name, hh.village, hh.category, hh.bank_account,
       coalesce(l.days_c, 0) AS days_c,
       coalesce((l.wage_x100 + 50) // 100, 0) AS wages,
       coalesce((r.rent_x + 60000) // 120000, 0) AS rent,
       coalesce(u.u, 0) AS u,
       coalesce((u.g_x + 600000000) // 1200000000, 0) AS guaranteed,
       coalesce(u.w, 0) AS w_share,
       coalesce(d.fen, 0) AS deductions
FROM hh
LEFT JOIN lab_h l USING (household_id)
LEFT JOIN rent_h r USING (household_id)
LEFT JOIN units_h u USING (household_id)
LEFT JOIN ded_h d USING (household_id);

-- step: surplus and entries
CREATE TABLE rev AS SELECT kind, fen(amount) AS fen FROM {{revenue}};
CREATE TABLE surplus AS
SELECT (SELECT coalesce(sum(fen), 0) FROM rev WHERE kind IN ('income', '收入')) AS i,
       (SELECT coalesce(sum(fen), 0) FROM rev WHERE kind IN ('expense', '支出')) AS e,
       sum(wages) AS w, sum(rent) AS r, sum(guaranteed) AS g,
       (SELECT coalesce(sum(fen), 0) FROM rev WHERE kind IN ('income', '收入'))
         - (SELECT coalesce(sum(fen), 0) FROM rev WHERE kind IN ('expense', '支出'))
         - sum(wages) - sum(rent) - sum(guaranteed) AS s
FROM per;
-- Fixed entries in order, each min(amount, what is left); D is the rest (nothing when S <= 0).
CREATE TABLE fixed_take AS
SELECT pos, name, greatest(0, least(fen, s - coalesce(sum(fen) OVER (ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS fen
FROM fixed_entry, surplus;
CREATE TABLE pool AS
SELECT greatest(0, s - (SELECT coalesce(sum(fen), 0) FROM fixed_take)) AS d FROM surplus;
-- split(D, percents): floor parts, then one fen each to the largest remainders, ties to the earlier entry.
CREATE TABLE entry_part AS
WITH f AS (
  SELECT pos, name, (CAST(d AS HUGEINT) * pct_e4) // t AS fl, (CAST(d AS HUGEINT) * pct_e4) % t AS rem, d
  FROM share_entry, pool, (SELECT sum(pct_e4) AS t FROM share_entry)
)
SELECT pos, name, fl + CASE WHEN row_number() OVER (ORDER BY rem DESC, pos) <= d - sum(fl) OVER () THEN 1 ELSE 0 END AS fen
FROM f;
CREATE TABLE basis_part AS
WITH mp AS (SELECT coalesce(sum(fen), 0) AS m FROM entry_part WHERE name = 'members'),
f AS (
  SELECT pos, basis, (m * pct_e4) // t AS fl, (m * pct_e4) % t AS rem, m
  FROM basis_rule, mp, (SELECT sum(pct_e4) AS t FROM basis_rule)
)
SELECT pos, basis, fl + CASE WHEN row_number() OVER (ORDER BY rem DESC, pos) <= m - sum(fl) OVER () THEN 1 ELSE 0 END AS fen
FROM f;

-- step: members' pool over the households
CREATE TABLE weight_h AS
SELECT 'share_units' AS basis, ord, CAST(w_share AS HUGEINT) AS w FROM per WHERE w_share > 0
UNION ALL SELECT 'labor_days', ord, days_c FROM per WHERE days_c > 0
UNION ALL SELECT 'wages', ord, wages FROM per WHERE wages > 0
UNION ALL SELECT 'per_household', ord, 1 FROM per;
CREATE TABLE perf AS
WITH tw AS (SELECT basis, sum(w) AS tw FROM weight_h GROUP BY basis),
f AS (
  SELECT w.basis, w.ord, (b.fen * w.w) // tw.tw AS fl, (b.fen * w.w) % tw.tw AS rem, b.fen AS a
  FROM weight_h w JOIN basis_part b USING (basis) JOIN tw USING (basis)
),
r AS (
  SELECT ord, fl, a - sum(fl) OVER (PARTITION BY basis) AS left_over, row_number() OVER (PARTITION BY basis ORDER BY rem DESC, ord) AS rk
  FROM f
)
SELECT ord, sum(fl + CASE WHEN rk <= left_over THEN 1 ELSE 0 END) AS perf FROM r GROUP BY ord;

-- step: write payouts
COPY (
  SELECT household_id, name, village, category,
         yuan(days_c) AS labor_days, yuan(wages) AS wages, yuan(rent) AS land_rent,
         CAST((u + 60000) // 120000 AS DECIMAL(18, 0)) * CAST(0.0001 AS DECIMAL(5, 4)) AS share_units,
         yuan(guaranteed) AS guaranteed_dividend, yuan(coalesce(perf, 0)) AS performance_dividend,
         yuan(wages + rent + guaranteed + coalesce(perf, 0)) AS total_before_floors,
         yuan(deductions) AS deductions,
         yuan(wages + rent + guaranteed + coalesce(perf, 0) - deductions) AS net_before_floors,
         bank_account
  FROM per LEFT JOIN perf USING (ord)
  ORDER BY ord
) TO '{{out}}' (HEADER, DELIMITER ',');
