// A resident who has already made WeChat's own text large (设置 → 通用 → 字体大小, or WeChat's 关怀模式) should not
// have to find 大字模式 on 我的 first: WeChat's guide for older users asks mini-programs to follow that setting.
// getAppBaseInfo reports it as fontSizeSetting in px: 17 is standard on iOS (16 on Android); 关怀模式 is 23.8 on
// 320–375 px phones and 24.5 on an iPad; 22 is the +4 step on a 375 px iPhone and the +3 step on a 414 px one.

/** WeChat font size (px) from which 大字模式 starts on, until the resident chooses for themselves. */
export const ELDER_MODE_FROM_WECHAT_FONT_PX = 22

/** 大字模式 when the resident has not chosen: on for a WeChat font of 22 px or more; off where WeChat says nothing. */
export function elderModeDefault(wechatFontSizePx: number | undefined): boolean {
  return typeof wechatFontSizePx === 'number' && wechatFontSizePx >= ELDER_MODE_FROM_WECHAT_FONT_PX
}
