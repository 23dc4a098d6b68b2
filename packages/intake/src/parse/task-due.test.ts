import { describe, expect, it } from 'vitest';
import { taskDueOf } from './task-due';

describe("a bullet's own deadline", () => {
  it('reads a date the bullet names as its deadline, with its time of day', () => {
    expect(taskDueOf('Sở Y tế tổng hợp, báo cáo UBND tỉnh trước ngày 25/8/2020.', 2020)).toEqual({ type: 'date', date: '2020-08-25' });
    expect(taskDueOf('Hoàn thành chậm nhất ngày 30 tháng 9 năm 2025.', 2025)).toEqual({ type: 'date', date: '2025-09-30' });
    expect(taskDueOf('Báo cáo kết quả trước 16 giờ ngày 21/8/2020.', 2020)).toEqual({ type: 'date', date: '2020-08-21', time: '16:00' });
    expect(taskDueOf('Rà soát danh sách hộ nghèo. Thời hạn: 15/10/2025.', 2025)).toEqual({ type: 'date', date: '2025-10-15' });
  });

  it('reads working days from receipt and an ongoing task', () => {
    expect(taskDueOf('Báo cáo kết quả trong vòng 05 ngày làm việc kể từ ngày nhận văn bản.', 2025)).toEqual({ type: 'workingDays', days: 5 });
    expect(taskDueOf('Tuyên truyền sâu rộng. Thời gian thực hiện: thường xuyên.', 2025)).toEqual({ type: 'none' });
    expect(taskDueOf('Theo dõi tình hình dịch bệnh (thường xuyên).', 2025)).toEqual({ type: 'none' });
  });

  it('leaves a bullet without its own deadline due with the report', () => {
    // 1119's bullet 8: "thường xuyên" describes the work; the date in "ngày 16/8" is no deadline.
    expect(taskDueOf('Sở Thông tin và Truyền thông tiếp tục đẩy mạnh công tác truyền thông, phối hợp Đài Phát thanh và Truyền hình tỉnh thường xuyên cập nhật thông tin.', 2020)).toBeUndefined();
    expect(taskDueOf('Tính đến ngày 16/8/2020, tỷ lệ cài đặt đạt 13%.', 2020)).toBeUndefined();
    expect(taskDueOf('Căn cứ Công văn số 2841/BTTTT-THH ngày 01/8/2020 của Bộ.', 2020)).toBeUndefined();
  });
});
