export default definePageConfig({ navigationBarTitleText: '医保经办：宣传通知' })
