export default definePageConfig({ navigationBarTitleText: '医保经办：户口本审核和查询记录' })
