export default definePageConfig({ navigationBarTitleText: '医保经办：地区数据' })
