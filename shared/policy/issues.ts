// Validation issue codes and what a resident reads for each. Codes are stable: clients match on them.

import type { IssueCode, PolicyIssue } from './types'

export const ISSUE_MESSAGES_ZH: Readonly<Record<IssueCode, string>> = {
  UNKNOWN_PROVINCE: '暂不支持这个省份：目前支持四川、山西、黑龙江、贵州、江西五省',
  UNKNOWN_REGION: '统筹地区代码不正确：应为6位数字的行政区划代码，并且属于所选省份',
  INVALID_DATE: '日期不正确：请按“年-月-日”填写一个真实存在的日期，例如2025-03-15',
  INVALID_PERIOD: '集中参保期不正确：开始日期不能晚于结束日期',
  PAID_AFTER_YEAR_END: '缴费日期晚于该参保年度的12月31日：年度结束后不能再为这一年缴费（出生90天内办理的新生儿除外）',
  DUPLICATE_YEAR: '同一个年度有两条参保记录，请只保留一条',
  DUPLICATE_BACK_PAID_YEAR: '同一个年度填写了两次补缴，请只保留一次',
  IMPOSSIBLE_YEAR: '年份不正确：应为1900至2100之间的整数年份，并且不能早于出生年份',
  BACK_PAID_NOT_GAP:
    '只能补缴计算年度之前的断保年度：这一年已经参保、在2025年以前、在出生当年或以前，或者不在计算年度之前',
  INVALID_FEN: '金额不正确：应为不小于0的整数，单位是“分”',
  INVALID_AMOUNT: '金额不正确：应为大于0的整数，单位是“元”；黑龙江每次提高的额度不低于1000元',
  ENDED_OUTSIDE_YEAR: '职工医保的停保日期应在这条记录的年度之内',
  UNKNOWN_GROUP: '特殊群体类别不正确：只能是新生儿、新入学学生、退役军人、退出其他制度保障人员或医疗救助资助参保人员',
  INVALID_SCHEME: '参保类型只能是居民医保或职工医保',
  INVALID_VALUE: '填写的内容格式不正确',
  MISSING_FIELD: '缺少必填的内容',
  // issue 14: inputs that cannot have happened are refused, never answered (SPEC §5)
  PAID_IN_FUTURE: '缴费日期在今天之后：只能填写已经缴过的费用',
  PAID_BEFORE_BIRTH: '缴费日期早于出生日期，请核对出生日期或缴费日期',
  PAID_BEFORE_PERIOD: '缴费日期早于这一参保年度的集中参保期开始日期，不可能是这一年度的缴费，请核对年度或缴费日期',
  EXIT_AFTER_PAYMENT: '退出日期晚于这次参保的缴费日期（或晚于参保年度），请核对退出日期',
  RESIDENT_FIELD_ON_EMPLOYEE:
    '职工医保记录不填写缴费日期、基金报销金额、是否使用奖励额度或学制年数：这些只属于居民医保记录',
  INCENTIVE_USED_ZERO_CLAIM: '这一年基金报销金额为0，不可能使用了大病保险奖励额度，请核对',
  BASE_CAP_TOO_LOW: '原封顶线不能低于或等于累计降低的上限，请核对当地公布的原封顶线',
  SWITCH_ORDER:
    '同一年度只能有一条职工医保记录（填写停保日期）和一条在停保之后缴费的居民医保记录；其他重复请只保留一条',
  PROGRAMME_NOT_IN_PROVINCE: '只有四川省的大学生可以在学校一次缴清整个学制的居民医保费用',
}

export function issue(code: IssueCode, path: (string | number)[]): PolicyIssue {
  return { code, path, message: ISSUE_MESSAGES_ZH[code] }
}

export const isIssueCode = (value: string): value is IssueCode =>
  Object.prototype.hasOwnProperty.call(ISSUE_MESSAGES_ZH, value)
