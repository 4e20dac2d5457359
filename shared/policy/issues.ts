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
}

export function issue(code: IssueCode, path: (string | number)[]): PolicyIssue {
  return { code, path, message: ISSUE_MESSAGES_ZH[code] }
}

export const isIssueCode = (value: string): value is IssueCode =>
  Object.prototype.hasOwnProperty.call(ISSUE_MESSAGES_ZH, value)
