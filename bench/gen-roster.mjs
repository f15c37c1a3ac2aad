// bench/gen-roster.mjs N: prints a member roster CSV of N valid rows for the demo committee tree
// (provincial committee), with ID numbers born 1991-2000 so that they never meet the demo's.
const n = Number(process.argv[2] || 10000);
const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建国文辉力宁斌丹';
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function check(id17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(id17[i]) * weights[i];
  return '10X98765432'[s % 11];
}
let seed = 12345;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
const out = ['姓名,性别,民族,出生日期,身份证号,所属政协,界别,党派,专委会,界别活动组,常委,届次,工作单位及职务,手机号,状态'];
for (let i = 0; i < n; i++) {
  const y = 1991 + (i % 10), m = 1 + (Math.floor(i / 10) % 12), d = 1 + (Math.floor(i / 120) % 28);
  const seq = Math.floor(i / 3360) % 1000; // with y/m/d this gives each row its own number
  const male = i % 3 !== 0;
  const seq3 = String((seq * 2 + (male ? 1 : 0)) % 1000).padStart(3, '0');
  const birth = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  const id17 = `620102${birth}${seq3}`;
  const name = surnames[rnd(surnames.length)] + given[rnd(given.length)] + (i % 2 ? given[rnd(given.length)] : '');
  out.push([name, male ? '男' : '女', '汉族', `${y}-${birth.slice(4, 6)}-${birth.slice(6)}`, id17 + check(id17),
    '甘肃省政协', '经济界', '', '', '', '否', '13', '兰州某公司经理', `139${String(10000000 + i).slice(-8)}`, '在任'].join(','));
}
process.stdout.write(out.join('\r\n') + '\r\n');
