export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/calculator/index',
    'pages/family/index',
    'pages/reminders/index',
    'pages/me/index',
  ],
  subPackages: [
    { root: 'packages/policy', pages: ['index'] },
    // 我的参保年度: opened from the home card and from 我的, so it need not weigh on the main package.
    { root: 'packages/records', pages: ['index'] },
    // Office staff only (shown to the office role); H5 on a desktop browser is their usual way in.
    { root: 'packages/office', pages: ['index', 'campaign', 'reviews', 'figures'] },
  ],
  window: {
    navigationBarBackgroundColor: '#0b6e4f',
    navigationBarTitleText: '参保助手',
    navigationBarTextStyle: 'white',
    // WeChat always draws this bar; on H5 Taro draws it only when asked, and without it the sub-pages
    // (政策, 经办, 宣传) had neither a title nor a way back.
    navigationStyle: 'default',
    backgroundColor: '#f4f6f5',
  },
  // WeChat allows five tabs, so 政策 lives in a sub-package reached from the pages.
  tabBar: {
    color: '#5b6660',
    selectedColor: '#0b6e4f',
    backgroundColor: '#ffffff',
    list: [
      {
        pagePath: 'pages/index/index',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
        text: '首页',
      },
      {
        pagePath: 'pages/calculator/index',
        iconPath: 'assets/tab/calculator.png',
        selectedIconPath: 'assets/tab/calculator-active.png',
        text: '测算',
      },
      {
        pagePath: 'pages/family/index',
        iconPath: 'assets/tab/family.png',
        selectedIconPath: 'assets/tab/family-active.png',
        text: '家庭',
      },
      {
        pagePath: 'pages/reminders/index',
        iconPath: 'assets/tab/reminders.png',
        selectedIconPath: 'assets/tab/reminders-active.png',
        text: '提醒',
      },
      {
        pagePath: 'pages/me/index',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
        text: '我的',
      },
    ],
  },
})
