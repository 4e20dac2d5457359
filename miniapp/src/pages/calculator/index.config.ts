export default definePageConfig({ navigationBarTitleText: '待遇测算' })
