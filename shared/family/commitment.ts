// The guardian's commitment (监护人承诺书) a payer accepts before binding a child under 16 (issue 13). Modelled on
// what the national medical insurance app asks of a guardian who acts for a minor (that they are the guardian,
// that what they submit is true, that they use the child's data only for the child's insurance, and that they
// answer for false statements), written in our own words. The text is stored with each binding exactly as shown;
// a new wording gets a new version, so a binding always says which text was accepted.

export const GUARDIAN_COMMITMENT_VERSION = 'guardian-2026-12'

export const GUARDIAN_COMMITMENT_ZH = [
  '监护人承诺书',
  '本人承诺：',
  '一、本人是所绑定未成年人的父母（或祖父母、外祖父母），是其法定监护人，或经其父母同意代为办理；',
  '二、本人填写的姓名、身份证号、亲属关系和上传的户口簿页面真实、完整，与户籍登记一致；',
  '三、本人仅为该未成年人办理基本医疗保险参保缴费（家庭共济）使用其个人信息，不作其他用途；',
  '四、绑定须经医保信息平台或参保地医保经办机构核实户籍关系后才生效；核实前不能代缴，也看不到其参保信息；',
  '五、如有虚假，本人愿承担由此产生的法律责任，医保部门可解除绑定并依法处理。',
].join('\n')
