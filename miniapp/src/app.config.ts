export default defineAppConfig({
  pages: ['pages/index/index', 'pages/policy/index'],
  window: {
    navigationBarBackgroundColor: '#0b6e4f',
    navigationBarTitleText: '参保助手',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f5',
  },
  tabBar: {
    color: '#5b6660',
    selectedColor: '#0b6e4f',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/policy/index', text: '政策' },
    ],
  },
})
