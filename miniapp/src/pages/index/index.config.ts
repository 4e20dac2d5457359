export default definePageConfig({ navigationBarTitleText: '参保助手' })
