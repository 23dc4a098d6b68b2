-- The first and last day each unit exists, both inclusive, NULL where open: units are kept after
-- they end (the committees of Kiên Giang of 2020, which ended with 30/6/2025) because directives issued
-- while they existed still name them, and a new directive may not address them.
-- AlterTable
ALTER TABLE "unit" ADD COLUMN     "valid_from" DATE,
ADD COLUMN     "valid_to" DATE;
