export default defineAppConfig({
  pages: ['pages/index/index', 'pages/calculator/index', 'pages/me/index'],
  subPackages: [{ root: 'packages/policy', pages: ['index'] }],
  window: {
    navigationBarBackgroundColor: '#0b6e4f',
    navigationBarTitleText: '参保助手',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f5',
  },
  // Tab places for 家庭 (family mutual aid) and 提醒 (reminders) go between 测算 and 我的 when they land;
  // WeChat allows five tabs, so 政策 lives in a sub-package reached from the pages.
  tabBar: {
    color: '#5b6660',
    selectedColor: '#0b6e4f',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png', text: '首页' },
      { pagePath: 'pages/calculator/index', iconPath: 'assets/tab/calculator.png', selectedIconPath: 'assets/tab/calculator-active.png', text: '测算' },
      { pagePath: 'pages/me/index', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png', text: '我的' },
    ],
  },
})
