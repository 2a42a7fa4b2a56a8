// Chinese words that contain or overlap a city name but are not that city; matching them first hides the city.

/**
 * Longest-match scanning reads these like city names and then drops them, so e.g. "广西安排" is read as
 * 广西 + 安排 and never yields 西安. Provinces are here too: they are places but not cities, and a
 * province name must not leak a city inside it (山西安 → 西安, 江西宁 → 西宁).
 */
export const ZH_NON_CITY_WORDS: readonly string[] = [
  // Provinces and regions
  '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '广西', '海南', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏',
  '新疆', '台湾', '北海道', '罗马尼亚', '新加坡元',
  // Words that would otherwise leak a city: 首都柏林 is Berlin, not Dublin; 大理石 is marble.
  '首都', '大理石', '北京时间', '雅典娜', '这里', '那里', '哪里', '家里', '心里', '平台', '舞台', '后台',
  '前台', '柜台', '阳台', '站台', '讲台', '电台',
  // Nicknames inside other words: 青春城市 is not 春城 (Kunming), 温泉城 not 泉城 (Jinan).
  '青春', '温泉',
  // 成都 after a 成-verb is "…成 + 都 (all)": 改成都行, 变成都一样. Not 订成/买成/看成: 订成都的票 is Chengdu.
  '变成', '完成', '造成', '形成', '组成', '换成', '改成', '达成', '构成', '合成', '做成', '当成', '分成', '写成', '弄成',
];

/** A city name right before these is part of a street, school or park name: 南京路, 中山大学, 北海公园. */
export const ZH_NOT_A_CITY_AFTER: readonly string[] = [
  '路', '街', '巷', '大道', '大街', '公园', '大学', '东路', '西路', '南路', '北路', '中路', '胡同',
];
