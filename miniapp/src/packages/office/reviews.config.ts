export default definePageConfig({ navigationBarTitleText: '医保经办：户口本和查询记录' })
