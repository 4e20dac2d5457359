/**
 * Administrative division codes from GB/T 2260 (中华人民共和国行政区划代码) as published by the Ministry of
 * Civil Affairs: every province-level code, and the prefecture-level divisions (地级) of the five provinces
 * Canbao serves. A prefecture is the usual pooling region (统筹地区) of resident medical insurance, so the
 * `region` a resident or an office chooses is one of these six-digit `xxxx00` codes.
 */

export interface Division {
  readonly code: string
  readonly nameZh: string
}

/**
 * Province-level divisions; 71/81/82 are Taiwan, Hong Kong and Macao,
 * 83 the residence permit prefix of their residents.
 */
export const PROVINCE_DIVISIONS: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
  '83': '港澳台居民居住证',
}

/** The provinces whose 参保长效机制 rules Canbao implements, in the order the product lists them. */
export const SERVED_PROVINCES = ['51', '14', '23', '52', '36'] as const
export type ServedProvince = (typeof SERVED_PROVINCES)[number]

const prefectures = (pairs: [string, string][]): readonly Division[] =>
  pairs.map(([code, nameZh]) => ({ code, nameZh }))

/** Current prefecture-level divisions of the served provinces (GB/T 2260, MCA list as of 2023). */
export const PREFECTURES: Readonly<Record<ServedProvince, readonly Division[]>> = {
  '51': prefectures([
    ['510100', '成都市'],
    ['510300', '自贡市'],
    ['510400', '攀枝花市'],
    ['510500', '泸州市'],
    ['510600', '德阳市'],
    ['510700', '绵阳市'],
    ['510800', '广元市'],
    ['510900', '遂宁市'],
    ['511000', '内江市'],
    ['511100', '乐山市'],
    ['511300', '南充市'],
    ['511400', '眉山市'],
    ['511500', '宜宾市'],
    ['511600', '广安市'],
    ['511700', '达州市'],
    ['511800', '雅安市'],
    ['511900', '巴中市'],
    ['512000', '资阳市'],
    ['513200', '阿坝藏族羌族自治州'],
    ['513300', '甘孜藏族自治州'],
    ['513400', '凉山彝族自治州'],
  ]),
  '14': prefectures([
    ['140100', '太原市'],
    ['140200', '大同市'],
    ['140300', '阳泉市'],
    ['140400', '长治市'],
    ['140500', '晋城市'],
    ['140600', '朔州市'],
    ['140700', '晋中市'],
    ['140800', '运城市'],
    ['140900', '忻州市'],
    ['141000', '临汾市'],
    ['141100', '吕梁市'],
  ]),
  '23': prefectures([
    ['230100', '哈尔滨市'],
    ['230200', '齐齐哈尔市'],
    ['230300', '鸡西市'],
    ['230400', '鹤岗市'],
    ['230500', '双鸭山市'],
    ['230600', '大庆市'],
    ['230700', '伊春市'],
    ['230800', '佳木斯市'],
    ['230900', '七台河市'],
    ['231000', '牡丹江市'],
    ['231100', '黑河市'],
    ['231200', '绥化市'],
    ['232700', '大兴安岭地区'],
  ]),
  '52': prefectures([
    ['520100', '贵阳市'],
    ['520200', '六盘水市'],
    ['520300', '遵义市'],
    ['520400', '安顺市'],
    ['520500', '毕节市'],
    ['520600', '铜仁市'],
    ['522300', '黔西南布依族苗族自治州'],
    ['522600', '黔东南苗族侗族自治州'],
    ['522700', '黔南布依族苗族自治州'],
  ]),
  '36': prefectures([
    ['360100', '南昌市'],
    ['360200', '景德镇市'],
    ['360300', '萍乡市'],
    ['360400', '九江市'],
    ['360500', '新余市'],
    ['360600', '鹰潭市'],
    ['360700', '赣州市'],
    ['360800', '吉安市'],
    ['360900', '宜春市'],
    ['361000', '抚州市'],
    ['361100', '上饶市'],
  ]),
}

const PREFECTURE_INDEX: ReadonlyMap<string, Division & { province: ServedProvince }> = new Map(
  SERVED_PROVINCES.flatMap((province) => PREFECTURES[province].map((d) => [d.code, { ...d, province }] as const)),
)

/** The code a province's own figures, records and offices are filed under (its `xx0000` division): 51 → 510000. */
export const provinceRegionCode = (province: string): string => `${province}0000`

/** True for a province-wide code (`xx0000`), false for a prefecture. */
export const isProvinceWideCode = (code: string): boolean => /^\d{2}0000$/.test(code)

export function isServedProvince(code: unknown): code is ServedProvince {
  return typeof code === 'string' && (SERVED_PROVINCES as readonly string[]).includes(code)
}

/** True when `region` is a current prefecture of `province` (a pooling region a resident can choose). */
export function isPrefectureOf(region: string, province: string): boolean {
  return PREFECTURE_INDEX.get(region)?.province === province
}

export function provinceNameZh(code: string): string | null {
  return PROVINCE_DIVISIONS[code] ?? null
}

/** Name of a served prefecture (`510100` → 成都市) or of a province given as `xx0000`. */
export function regionNameZh(code: string): string | null {
  const prefecture = PREFECTURE_INDEX.get(code)
  if (prefecture) return prefecture.nameZh
  if (isProvinceWideCode(code)) return provinceNameZh(code.slice(0, 2))
  return null
}
