// The eight close relatives of SPEC §1 (配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女) and the
// plausibility of a declared relationship given both birth dates. Pure: "today" is a parameter.

export const RELATIONSHIPS = [
  'spouse',
  'parent',
  'child',
  'sibling',
  'grandparent',
  'maternal-grandparent',
  'grandchild',
  'maternal-grandchild',
] as const
export type Relationship = (typeof RELATIONSHIPS)[number]

export const RELATIONSHIP_ZH: Readonly<Record<Relationship, string>> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母',
  'maternal-grandparent': '外祖父母',
  grandchild: '孙子女',
  'maternal-grandchild': '外孙子女',
}

/**
 * Generations between payer and relative: positive when the relative is older. A generation of fewer than
 * 12 years between birth dates is not a plausible parent and child; two of fewer than 24 years are not a
 * plausible grandparent and grandchild. These are plausibility bounds, not legal rules.
 */
const GENERATIONS: Readonly<Record<Relationship, number>> = {
  spouse: 0,
  sibling: 0,
  parent: 1,
  child: -1,
  grandparent: 2,
  'maternal-grandparent': 2,
  grandchild: -2,
  'maternal-grandchild': -2,
}
export const MIN_YEARS_PER_GENERATION = 12
/** The lowest legal age of marriage in China (民法典第一千零四十七条: 女不早于二十周岁). */
export const MIN_SPOUSE_AGE = 20
/** Relatives this age and over consent with their own sign-in; younger ones through their guardian. */
export const SELF_CONSENT_AGE = 16

/** Whole years from `birthDate` to `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/** Whole years by which `older` was born before `younger` (negative when it was born after). */
const yearsBetween = (older: string, younger: string) => ageOn(older, younger)

export type PlausibilityResult = { ok: true } | { ok: false; message: string }

export function checkRelationship(
  relationship: Relationship,
  payerBirth: string,
  relativeBirth: string,
  today: string,
): PlausibilityResult {
  const name = RELATIONSHIP_ZH[relationship]
  const gens = GENERATIONS[relationship]
  if (relativeBirth > today) return { ok: false, message: '亲属的出生日期在今天之后，请核对身份证号。' }
  if (gens > 0) {
    const gap = yearsBetween(relativeBirth, payerBirth)
    if (gap < gens * MIN_YEARS_PER_GENERATION) {
      return {
        ok: false,
        message:
          `按身份证上的出生日期，这位亲属不可能是您的${name}：` +
          `${name}应比您年长至少 ${gens * MIN_YEARS_PER_GENERATION} 岁。请核对关系或身份证号。`,
      }
    }
  } else if (gens < 0) {
    const gap = yearsBetween(payerBirth, relativeBirth)
    if (gap < -gens * MIN_YEARS_PER_GENERATION) {
      return {
        ok: false,
        message:
          `按身份证上的出生日期，这位亲属不可能是您的${name}：` +
          `${name}应比您年轻至少 ${-gens * MIN_YEARS_PER_GENERATION} 岁。请核对关系或身份证号。`,
      }
    }
  } else if (
    relationship === 'spouse' &&
    (ageOn(relativeBirth, today) < MIN_SPOUSE_AGE || ageOn(payerBirth, today) < MIN_SPOUSE_AGE)
  ) {
    return {
      ok: false,
      message:
        `按身份证上的出生日期，双方未达到法定婚龄（${MIN_SPOUSE_AGE} 周岁），` +
        '不能登记为配偶。请核对关系或身份证号。',
    }
  }
  return { ok: true }
}

/**
 * How this relative consents. Under 16 only the payer as their parent or (maternal) grandparent can declare
 * guardianship; from 16 the relative confirms with their own sign-in.
 */
export type ConsentRoute = { ok: true; route: 'relative' | 'guardian' } | { ok: false; message: string }

export function consentRoute(
  relationship: Relationship,
  relativeBirth: string,
  today: string,
  guardianDeclared: boolean,
): ConsentRoute {
  const minor = ageOn(relativeBirth, today) < SELF_CONSENT_AGE
  const payerIsGuardian =
    relationship === 'child' || relationship === 'grandchild' || relationship === 'maternal-grandchild'
  if (!minor) {
    if (guardianDeclared)
      return { ok: false, message: `这位亲属已满 ${SELF_CONSENT_AGE} 周岁，需要本人登录确认，不能由您代为声明监护。` }
    return { ok: true, route: 'relative' }
  }
  if (!payerIsGuardian) {
    return {
      ok: false,
      message: `这位亲属未满 ${SELF_CONSENT_AGE} 周岁，只能由其父母或祖父母、外祖父母作为监护人绑定。`,
    }
  }
  if (!guardianDeclared) {
    return { ok: false, message: `这位亲属未满 ${SELF_CONSENT_AGE} 周岁，不能自己确认。请勾选“我是其监护人”后提交。` }
  }
  return { ok: true, route: 'guardian' }
}
