// Root font size for the H5 build's rem units (design width 750 → 40px at 750 wide, kept within 20–40px).
// A file, not Taro's inline snippet, so the Content-Security-Policy can forbid inline scripts.
;(function (win) {
  function fit() {
    var box = win.document.documentElement.getBoundingClientRect()
    var sides = [box.width, box.height].filter(function (v) {
      return Boolean(v)
    })
    var size = (40 * Math.min.apply(Math, sides)) / 750
    win.document.documentElement.style.fontSize = size >= 40 ? '40px' : size <= 20 ? '20px' : size + 'px'
  }
  win.addEventListener('resize', function () {
    fit()
    setTimeout(fit, 500)
  })
  fit()
})(window)
