export default definePageConfig({ navigationBarTitleText: '医保经办：导入参保记录' })
