/* Holds a file open as Excel holds a workbook it shows (others may read it, not replace it),
 * for tests/windows/smoke: `hold.exe FILE SECONDS`. Prints "held" once it has the file. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    HANDLE file = CreateFileA(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return 1;
    printf("held\n");
    fflush(stdout);
    Sleep(atoi(argv[2]) * 1000);
    CloseHandle(file);
    return 0;
}
