import { Body, Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Patch, Post } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { Page, PageDto } from '../common/paging';
import { AddAliasDto, AddSectionDto, CreateUnitDto, ListUnitsQueryDto, UnitResponseDto, UpdateUnitDto } from './dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: '单位列表（按名称，分页；含别名与科室）' })
  @ApiOkResponse({ type: PageDto(UnitResponseDto) })
  list(@Query() query: ListUnitsQueryDto): Promise<Page<UnitResponseDto>> {
    return this.units.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UnitResponseDto> {
    return this.units.get(id);
  }

  @Roles('office')
  @Post()
  @ApiOperation({ summary: '新增单位' })
  @ApiCreatedResponse({ type: UnitResponseDto })
  @ApiConflictResponse({ description: 'UNIT_NAME_TAKEN' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUnitDto): Promise<UnitResponseDto> {
    return this.units.create(user, dto);
  }

  @Roles('office')
  @Patch(':id')
  @ApiOperation({ summary: '修改单位名称、类型或停用' })
  @ApiOkResponse({ type: UnitResponseDto })
  @ApiConflictResponse({ description: 'UNIT_NAME_TAKEN' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUnitDto): Promise<UnitResponseDto> {
    return this.units.update(user, id, dto);
  }

  @Roles('office')
  @Post(':id/aliases')
  @ApiOperation({ summary: '新增别名（文件中该单位的其他写法）' })
  @ApiCreatedResponse({ type: UnitResponseDto })
  @ApiConflictResponse({ description: 'ALIAS_TAKEN' })
  addAlias(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddAliasDto): Promise<UnitResponseDto> {
    return this.units.addAlias(user, id, dto);
  }

  @Roles('office')
  @Post(':id/sections')
  @ApiOperation({ summary: '新增科室' })
  @ApiCreatedResponse({ type: UnitResponseDto })
  @ApiConflictResponse({ description: 'SECTION_TAKEN' })
  addSection(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddSectionDto): Promise<UnitResponseDto> {
    return this.units.addSection(user, id, dto);
  }
}
