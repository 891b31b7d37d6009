/**
 * The commented rules.yaml written by `coop-payout init` (SPEC §4). Every section is used with
 * example values; test/rules checks that it loads without a problem.
 */
export const RULES_TEMPLATE = `# 收益分配规则 (distribution rules) — coop-payout
# 按本村实际情况修改下面的数字和名称; 以 # 开头的是说明, 不影响计算。
# Edit the numbers and names below; lines starting with # are comments.
# 数字照写即可 (1.2 就是 1.2), 不要加引号、正负号或千分位逗号。
# Write numbers plainly: no quotes, signs or thousands separators.

name: 某某村合作社 2025年度收益分配      # 必填: 打印在每张表上 (required; printed on every sheet)
year: 2025                              # 必填: 年度 (required; the fiscal year)
# prepared_on: 2025-12-20               # 制表日期, 打印在表上 (the date printed on the sheets; or run --date)

wages:                                  # 务工工资 (wages for labor days)
  default_per_day: 100                  # 没填工种的工日, 元/工日 (rows with no job, 元 per day)
  per_day:                              # 各工种日工资, 元/工日 (per job, 元 per day)
    采摘: 120
    管护: 90

land:
  rent_per_mu:                          # 流转土地租金, 元/亩/年 (rent, 元 per 亩 per year)
    水田: 800
    旱地: 500
  units_per_mu:                         # 入股土地折股, 股/亩 (share units per 亩 invested)
    水田: 1.2
    旱地: 1

share_classes:                          # 股份类别; 有土地入股就要有 land (share classes; land if land is invested)
  land: { guaranteed_per_unit: 300, weight: 1 }    # 土地股: 保底 300 元/股/年 (guaranteed 元 per unit)
  fund: { guaranteed_per_unit: 60, weight: 1.5 }   # 扶贫资金量化股 (poverty-alleviation fund shares)
  cash: { guaranteed_per_unit: 0, weight: 1 }      # 现金股: 无保底 (cash shares, no guarantee)

guaranteed_shortfall: pay               # 亏损年保底分红: pay 照付 | scale 按比例压减 (loss year: pay in full or scale down)

distribution:                           # 可分配盈余的分配 (sharing the distributable surplus)
  fixed:                                # 先按顺序提取固定金额, 元 (fixed amounts first, in order)
    - { to: 村集体, amount: 20000 }
    # - { to: 管理费, percent_of_income: 5 }   # 按收入的 5% 提取 (5 % of income; instead of amount)
  shares:                               # 余下部分按百分比分, 合计必须正好 100 (the rest by percent; must add up to 100)
    - { to: 公积金, percent: 10 }         # 合作社可加 reserve: true (a reserve, for the 60 % rule below)
    - { to: 公益金, percent: 5 }
    - { to: 企业, percent: 45 }
    - { to: members, percent: 40 }      # members = 成员效益分红 (the households' performance dividend)

members:                                # 成员效益分红按什么分, 合计必须正好 100 (how members is split; add up to 100)
  - { basis: share_units, percent: 60 } # 按股数 (by share units × class weight)
  - { basis: labor_days, percent: 30 }  # 按工日 (by labor days)
  - { basis: per_household, percent: 10 }  # 按户平均 (equally per household)
  # 其他依据 (other bases): wages 按工资, points 按积分; share_units 可加 classes: [fund] 只按某类股
  # 人口股, 按公布的单价, 零头归村集体 (per person at a declared rate; the odd fen to 村集体):
  # - { basis: persons, percent: 30, rate: 58, remainder_to: 村集体 }
  #   persons 可加 min_age: 80 / max_age: 22 / tags: [在校大学生] (需要 persons.csv 成员名册)
  #   rate_step: 1 代替 rate: 单价按整元算出 (derive the rate in whole 元 instead)
  # 只给部分类别 (some categories only): categories: [脱贫户] 或 category_weights: { 五保户: 3, 一般户: 1 }
  # 合作社按交易额返还 (a cooperative's return by transactions, transactions.csv):
  # - { basis: transactions, percent: 60 }   # by: quantity 按交易量, product_weights: { 玉米: 1, 大豆: 1.2 }

floors:                                 # 兜底: 该类别农户全年合计不低于 min_total 元 (guaranteed minimum total)
  - { category: 脱贫户, min_total: 3000, funded_by: 公益金 }   # 差额从公益金补 (topped up from 公益金)

# 以下各项可选, 需要时去掉行首的 # (optional; remove the leading # to use):
# share_holders:                        # 村集体、企业持有的股份, 与农户同一股份池分红 (shares held by the collective or an enterprise)
#   - { to: 村集体, class: fund, units: 982 }        # 可加 months: 6 (months held)
# legal_form: farmers_cooperative       # 农民专业合作社: 按交易返还不少于 60% (cooperative law: ≥ 60 % by transactions)
# opening:                              # 上年结余与待弥补亏损, 元 (last year's balance)
#   retained: 12000
#   loss: 5000
# payment_default: cash                 # 没填发放方式的农户: bank 银行代发 | cash 现金发放 (how households are paid by default)

disclosure:                             # 公示 (public disclosure)
  mask_names: false                     # true: 公示表姓名打码 (mask names on the posted sheet)

bank_file:                              # 银行代发文件 (bank payment file)
  columns: [seq, name, account, amount] # 列: seq, name, account, amount, id_number, household_id, note
  delimiter: ","                        # 分隔符 "," "|" 或 "\\t" (delimiter)
  header: true                          # 是否有表头 (header row)
  encoding: gb18030                     # gb18030 或 utf8 (file encoding)
  # 按银行的模板写 (a bank's layout): 删去上面四行, 改写 preset (replace the four lines above by a preset):
  # preset: nongxin                     # nongxin 农信社/农商行 | abc 农业银行 | psbc 邮储银行
  # format: xlsx                        # 写成 bank.xlsx, 单元格都是文本 (cells as text)

csv:                                    # 导出的 CSV 表 (payouts.csv, disclosure.csv, signoff.csv)
  excel_text: true                      # 账号等长数字写成 ="…", Excel 打开不变成 6.21779E+18 (kept as text in Excel; false: plain)
`;
