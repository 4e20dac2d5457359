// Short enough for WeChat's title bar, which cut "医保经办：户口本和查…" (review).
export default definePageConfig({ navigationBarTitleText: '经办：户口本审核' })
